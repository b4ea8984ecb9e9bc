import * as tf from "@tensorflow/tfjs";
import { expect, it } from "vitest";
import { ACCELERATED, describeOnBackends, expectSameAsCpu, floats, ints } from "../testing/compare-backends.js";

describeOnBackends("GatherV2 on cpu-accelerated and wasm", 1, (rand) => {
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
      await expectSameAsCpu(
        (x, i) => tf.gather(x!, i!, axis),
        [floats(rand, shape), ints(rand, indexShape, shape[axis]!)],
        [0],
        ACCELERATED,
      );
    });
  }

  it("gathers int32 tensors", async () => {
    await expectSameAsCpu(
      (x, i) => tf.gather(x!, i!),
      [ints(rand, [10, 4], 1000), ints(rand, [7], 10)],
      [],
      ACCELERATED,
    );
  });

  it("rejects out-of-range indices like tfjs", async () => {
    await expect(
      expectSameAsCpu(
        (x, i) => tf.gather(x!, i!),
        [floats(rand, [4, 2]), { values: Int32Array.of(4), shape: [1], dtype: "int32" }],
        [],
        ACCELERATED,
      ),
    ).rejects.toThrow(/index value 4 is not in \[0, 3\]/);
  });

  it("falls back to tfjs for batchDims 1", async () => {
    await expectSameAsCpu((x, i) => tf.gather(x!, i!, 1, 1), [floats(rand, [2, 4, 3]), ints(rand, [2, 3], 4)]);
  });
});
