import * as tf from "@tensorflow/tfjs";
import { it } from "vitest";
import { ACCELERATED, describeOnBackends, expectSameAsCpu, floats, ints } from "../testing/compare-backends.js";

describeOnBackends("Transpose on cpu-accelerated and wasm", 4, (rand) => {
  const cases: [number[], number[]][] = [
    [
      [70, 45],
      [1, 0],
    ],
    [
      [33, 1],
      [1, 0],
    ],
    [
      [40, 8],
      [0, 1],
    ],
    [
      [3, 4, 5],
      [2, 0, 1],
    ],
    [
      [3, 4, 5],
      [0, 1, 2],
    ],
  ];
  for (const [shape, perm] of cases) {
    it(`x ${JSON.stringify(shape)} perm ${JSON.stringify(perm)}: forward and gradient match tfjs cpu`, async () => {
      await expectSameAsCpu((x) => tf.transpose(x!, perm), [floats(rand, shape)], [0], ACCELERATED);
    });
  }

  it("transposes int32 matrices", async () => {
    await expectSameAsCpu((x) => tf.transpose(x!), [ints(rand, [3, 4], 100)], [], ACCELERATED);
  });

  it("an identity transpose (and wasm's aliasing Identity) stays valid after its input is disposed", async () => {
    await expectSameAsCpu(
      (x) => {
        const copy = tf.add(x!, 1);
        const t = tf.transpose(copy, [0, 1]);
        copy.dispose();
        const alias = tf.clone(t);
        t.dispose();
        return alias;
      },
      [floats(rand, [2, 3])],
      [],
      ACCELERATED,
    );
  });
});
