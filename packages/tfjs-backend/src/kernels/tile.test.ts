import * as tf from "@tensorflow/tfjs";
import { it } from "vitest";
import { ACCELERATED, describeOnBackends, expectSameAsCpu, floats, ints } from "../testing/compare-backends.js";

describeOnBackends("Tile on cpu-accelerated and wasm", 10, (rand) => {
  const cases: [number[], number[]][] = [
    [
      [64, 1],
      [1, 32],
    ],
    [[5], [3]],
    [
      [2, 3],
      [4, 2],
    ],
    [
      [1, 3, 2],
      [2, 1, 3],
    ],
    [
      [2, 1, 2, 1],
      [1, 3, 2, 4],
    ],
  ];
  for (const [shape, reps] of cases) {
    it(`x ${JSON.stringify(shape)} reps ${JSON.stringify(reps)}: forward and gradient match tfjs cpu`, async () => {
      await expectSameAsCpu((x) => tf.tile(x!, reps), [floats(rand, shape)], [0], ACCELERATED);
    });
  }

  it("broadcasts int32 tensors", async () => {
    await expectSameAsCpu((x) => tf.broadcastTo(x!, [3, 4]), [ints(rand, [1, 4], 9)], [], ACCELERATED);
  });
});
