import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { CPU_ACCELERATED } from "../cpu-accelerated-backend.js";
import {
  expectSameAsCpu,
  prepareBackends,
  randomInts,
  randomValues,
  seededRandom,
} from "../testing/compare-backends.js";

beforeAll(prepareBackends);

describe("GatherV2 on cpu-accelerated and wasm", () => {
  const both = [CPU_ACCELERATED, "wasm"];
  const rand = seededRandom(1);
  const cases: { shape: number[]; axis: number; indexShape: number[] }[] = [
    { shape: [50, 8], axis: 0, indexShape: [64] },
    { shape: [943, 32], axis: 0, indexShape: [300] },
    { shape: [7, 5, 3], axis: 1, indexShape: [4, 2] },
    { shape: [6, 9], axis: 1, indexShape: [11] },
    { shape: [12], axis: 0, indexShape: [5] },
    { shape: [4, 3, 2, 5], axis: 3, indexShape: [3] },
  ];
  for (const { shape, axis, indexShape } of cases) {
    it(`matches tfjs cpu forward and gradient for x ${JSON.stringify(shape)}, axis ${axis}, indices ${JSON.stringify(indexShape)}`, async () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const idxSize = indexShape.reduce((a, b) => a * b, 1);
      await expectSameAsCpu(
        (x, i) => tf.gather(x!, i!, axis),
        [
          { values: randomValues(rand, size), shape, dtype: "float32" },
          { values: randomInts(rand, idxSize, shape[axis]!), shape: indexShape, dtype: "int32" },
        ],
        [0],
        both,
      );
    });
  }

  it("gathers int32 tensors", async () => {
    await expectSameAsCpu(
      (x, i) => tf.gather(x!, i!),
      [
        { values: randomInts(rand, 40, 1000), shape: [10, 4], dtype: "int32" },
        { values: randomInts(rand, 7, 10), shape: [7], dtype: "int32" },
      ],
      [],
      both,
    );
  });

  it("rejects out-of-range indices like tfjs", async () => {
    await expect(
      expectSameAsCpu(
        (x, i) => tf.gather(x!, i!),
        [
          { values: randomValues(rand, 8), shape: [4, 2], dtype: "float32" },
          { values: Int32Array.of(4), shape: [1], dtype: "int32" },
        ],
        [],
        both,
      ),
    ).rejects.toThrow(/index value 4 is not in \[0, 3\]/);
  });

  it("falls back to tfjs for batchDims 1", async () => {
    await expectSameAsCpu(
      (x, i) => tf.gather(x!, i!, 1, 1),
      [
        { values: randomValues(rand, 24), shape: [2, 4, 3], dtype: "float32" },
        { values: randomInts(rand, 6, 4), shape: [2, 3], dtype: "int32" },
      ],
    );
  });
});
