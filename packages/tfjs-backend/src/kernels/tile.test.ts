import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, it } from "vitest";
import { CPU_ACCELERATED } from "../cpu-accelerated-backend.js";
import {
  expectSameAsCpu,
  prepareBackends,
  randomInts,
  randomValues,
  seededRandom,
} from "../testing/compare-backends.js";

describe("Tile on cpu-accelerated and wasm", () => {
  beforeAll(prepareBackends);
  const rand = seededRandom(10);
  const both = [CPU_ACCELERATED, "wasm"];
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
      await expectSameAsCpu(
        (x) => tf.tile(x!, reps),
        [
          {
            values: randomValues(
              rand,
              shape.reduce((a, b) => a * b, 1),
            ),
            shape,
            dtype: "float32",
          },
        ],
        [0],
        both,
      );
    });
  }

  it("broadcasts int32 tensors", async () => {
    await expectSameAsCpu(
      (x) => tf.broadcastTo(x!, [3, 4]),
      [{ values: randomInts(rand, 4, 9), shape: [1, 4], dtype: "int32" }],
      [],
      both,
    );
  });
});
