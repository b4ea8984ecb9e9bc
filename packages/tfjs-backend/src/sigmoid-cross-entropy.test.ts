import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { CPU_ACCELERATED } from "./cpu-accelerated-backend.js";
import { SIGMOID_CROSS_ENTROPY } from "./kernels/sigmoid-cross-entropy.js";
import { sigmoidCrossEntropy } from "./sigmoid-cross-entropy.js";
import { expectSameAsCpu, prepareBackends, randomValues, seededRandom } from "./testing/compare-backends.js";

beforeAll(prepareBackends);

describe("sigmoidCrossEntropy (fused tf.losses.sigmoidCrossEntropy)", () => {
  const both = [CPU_ACCELERATED, "wasm"];
  const rand = seededRandom(12);
  const spec = (values: Float32Array) => ({ values, shape: [values.length], dtype: "float32" as const });
  const labels01 = (n: number) => Float32Array.from({ length: n }, () => (rand() < 0.25 ? 1 : 0));

  for (const n of [1, 7, 300, 4096]) {
    it(`${n} logits: loss and gradients (logits and labels) equal tfjs's on tfjs cpu`, async () => {
      await expectSameAsCpu(
        (z, x) => sigmoidCrossEntropy(tf, z!, x!),
        [spec(labels01(n)), spec(randomValues(rand, n, 6))],
        [0, 1],
        both,
      );
    });
  }

  it("handles saturated logits, zeros and fractional labels like tfjs", async () => {
    const x = Float32Array.of(-40, -20, -1e-8, 0, 1e-8, 0.5, 20, 40, 90);
    const z = Float32Array.of(1, 0, 1, 0.5, 0, 0.3, 1, 0, 1);
    await expectSameAsCpu((a, b) => sigmoidCrossEntropy(tf, a!, b!), [spec(z), spec(x)], [0, 1], both);
  });

  it("runs as one kernel on the accelerated backends and as tfjs's loss elsewhere", async () => {
    const z = tf.tensor1d([1, 0]);
    const x = tf.tensor1d([2, -1]);
    const expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
    for (const backend of ["cpu", CPU_ACCELERATED, "wasm"]) {
      await tf.setBackend(backend);
      const profile = await tf.profile(() => sigmoidCrossEntropy(tf, z, x));
      expect(profile.kernelNames.includes(SIGMOID_CROSS_ENTROPY)).toBe(backend !== "cpu");
      expect(sigmoidCrossEntropy(tf, z, x).dataSync()[0]).toBeCloseTo(expected, 6);
    }
    await tf.setBackend("cpu");
  });
});
