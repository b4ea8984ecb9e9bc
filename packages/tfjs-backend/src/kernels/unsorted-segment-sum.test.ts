import * as tf from "@tensorflow/tfjs";
import { it } from "vitest";
import {
  ACCELERATED,
  describeOnBackends,
  expectSameAsCpu,
  floats,
  ints,
  randomInts,
} from "../testing/compare-backends.js";

describeOnBackends("UnsortedSegmentSum on cpu-accelerated and wasm", 2, (rand) => {
  const cases: { shape: number[]; numSegments: number }[] = [
    { shape: [100], numSegments: 7 },
    { shape: [64, 8], numSegments: 20 },
    { shape: [300, 32], numSegments: 97 },
    { shape: [30, 3, 4], numSegments: 5 },
  ];
  for (const { shape, numSegments } of cases) {
    it(`matches tfjs cpu forward and gradient for x ${JSON.stringify(shape)}, ${numSegments} segments`, async () => {
      await expectSameAsCpu(
        (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, numSegments),
        [floats(rand, shape), { values: randomInts(rand, shape[0]!, numSegments), shape: [shape[0]!], dtype: "int32" }],
        [0],
        ACCELERATED,
      );
    });
  }

  it("sums int32 values into float32 like tfjs", async () => {
    await expectSameAsCpu(
      (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 4),
      [ints(rand, [6, 2], 50), ints(rand, [6], 4)],
    );
  });
});
