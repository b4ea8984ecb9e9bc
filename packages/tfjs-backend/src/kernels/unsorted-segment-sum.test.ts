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

beforeAll(prepareBackends);

describe("UnsortedSegmentSum on cpu-accelerated and wasm", () => {
  const both = [CPU_ACCELERATED, "wasm"];
  const rand = seededRandom(2);
  const cases: { shape: number[]; numSegments: number }[] = [
    { shape: [100], numSegments: 7 },
    { shape: [64, 8], numSegments: 20 },
    { shape: [300, 32], numSegments: 97 },
    { shape: [30, 3, 4], numSegments: 5 },
  ];
  for (const { shape, numSegments } of cases) {
    it(`matches tfjs cpu forward and gradient for x ${JSON.stringify(shape)}, ${numSegments} segments`, async () => {
      const size = shape.reduce((a, b) => a * b, 1);
      await expectSameAsCpu(
        (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, numSegments),
        [
          { values: randomValues(rand, size), shape, dtype: "float32" },
          { values: randomInts(rand, shape[0]!, numSegments), shape: [shape[0]!], dtype: "int32" },
        ],
        [0],
        both,
      );
    });
  }

  it("sums int32 values into float32 like tfjs", async () => {
    await expectSameAsCpu(
      (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 4),
      [
        { values: randomInts(rand, 12, 50), shape: [6, 2], dtype: "int32" },
        { values: randomInts(rand, 6, 4), shape: [6], dtype: "int32" },
      ],
    );
  });
});
