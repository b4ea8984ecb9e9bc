import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { CPU_ACCELERATED } from "./cpu-accelerated-backend.js";
import { prepareBackends } from "./testing/compare-backends.js";

describe("Sum gradient as a broadcast", () => {
  beforeAll(prepareBackends);
  const x = [1, 2, 3, 4, 5, 6];
  const dy = (shape: number[]) =>
    tf.tensor(
      Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i + 1) * 10),
      shape,
    );
  const cases: { axis: number | number[] | null; keepDims: boolean; dyShape: number[]; expected: number[] }[] = [
    { axis: 1, keepDims: false, dyShape: [2], expected: [10, 10, 10, 20, 20, 20] },
    { axis: 0, keepDims: true, dyShape: [1, 3], expected: [10, 20, 30, 10, 20, 30] },
    { axis: null, keepDims: false, dyShape: [], expected: [10, 10, 10, 10, 10, 10] },
    { axis: [0, 1], keepDims: true, dyShape: [1, 1], expected: [10, 10, 10, 10, 10, 10] },
  ];
  for (const backend of ["cpu", CPU_ACCELERATED, "wasm"]) {
    for (const { axis, keepDims, dyShape, expected } of cases) {
      it(`on ${backend}, axis ${JSON.stringify(axis)}, keepDims ${keepDims}`, async () => {
        await tf.setBackend(backend);
        const g = tf.grad((t: tf.Tensor) => tf.sum(t, axis ?? undefined, keepDims))(
          tf.tensor2d(x, [2, 3]),
          dy(dyShape),
        );
        expect(g.shape).toEqual([2, 3]);
        expect(g.dtype).toBe("float32");
        expect(Array.from(g.dataSync())).toEqual(expected);
      });
    }
  }

  it("differentiates sums of int32 tensors to float32 like tfjs", async () => {
    await tf.setBackend("wasm");
    const g = tf.grad((t: tf.Tensor) => tf.sum(t))(tf.tensor1d([1, 2], "int32"));
    expect(g.dtype).toBe("float32");
    expect(Array.from(g.dataSync())).toEqual([1, 1]);
  });
});
