import * as tf from "@tensorflow/tfjs";
import { expect, it } from "vitest";
import { embeddingDot } from "./embedding-dot.js";
import { EMBEDDING_DOT } from "./kernels/embedding-dot.js";
import { ACCELERATED, describeOnBackends, expectSameAsCpu, floats, ints } from "./testing/compare-backends.js";

describeOnBackends("embeddingDot (fused gather, gather, multiply, sum)", 11, (rand) => {
  const cases: { rows1: number; rows2: number; dim: number; batch: number }[] = [
    { rows1: 20, rows2: 30, dim: 8, batch: 64 },
    { rows1: 61, rows2: 97, dim: 32, batch: 200 },
    { rows1: 3, rows2: 2, dim: 1, batch: 17 },
    { rows1: 5, rows2: 400, dim: 5, batch: 1 },
  ];
  for (const { rows1, rows2, dim, batch } of cases) {
    it(`tables ${rows1}x${dim} and ${rows2}x${dim}, batch ${batch}: forward and ACCELERATED gradients equal the unfused ops on tfjs cpu`, async () => {
      const fused = (p: tf.Tensor, q: tf.Tensor, u: tf.Tensor, i: tf.Tensor) => embeddingDot(tf, p, q, u, i);
      const inputs = [
        floats(rand, [rows1, dim]),
        floats(rand, [rows2, dim]),
        // Repeated indices: gradients must accumulate.
        ints(rand, [batch], rows1),
        ints(rand, [batch], rows2),
      ];
      // tfjs cpu has no fused kernel, so the reference is the unfused ops' forward and gradients.
      await expectSameAsCpu((p, q, u, i) => fused(p!, q!, u!, i!), inputs, [0, 1], ACCELERATED);
    });
  }

  it("runs as one kernel on the accelerated backends and as plain ops on tfjs cpu", async () => {
    const p = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const q = tf.tensor2d([
      [5, 6],
      [7, 8],
      [9, 10],
    ]);
    const u = tf.tensor1d([1, 0, 1], "int32");
    const i = tf.tensor1d([2, 0, 0], "int32");
    for (const backend of ["cpu", ...ACCELERATED]) {
      await tf.setBackend(backend);
      const profile = await tf.profile(() => embeddingDot(tf, p, q, u, i));
      expect(profile.kernelNames.includes(EMBEDDING_DOT)).toBe(backend !== "cpu");
      expect(Array.from(embeddingDot(tf, p, q, u, i).dataSync())).toEqual([67, 17, 39]);
    }
    await tf.setBackend("cpu");
  });

  it("rejects out-of-range indices like gather", async () => {
    await tf.setBackend("wasm");
    expect(() =>
      embeddingDot(tf, tf.zeros([4, 2]), tf.zeros([3, 2]), tf.tensor1d([0, 4], "int32"), tf.tensor1d([0, 1], "int32")),
    ).toThrow(/index value 4 is not in \[0, 3\]/);
    await tf.setBackend("cpu");
  });
});
