import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadTensorflow } from "./load-tensorflow.js";
import { expectClose, randomInts, randomValues, seededRandom } from "./testing/compare-backends.js";

/** Three Adam steps of a small embedding model; returns the trained variables' values. */
function trainAdam(): Float32Array[] {
  const rand = seededRandom(5);
  const [table, w] = tf.tidy(() => [
    tf.variable(tf.tensor2d(randomValues(rand, 40 * 6), [40, 6])),
    tf.variable(tf.tensor1d(randomValues(rand, 6))),
  ]);
  const optimizer = tf.train.adam(0.01, 0.8, 0.95, 1e-6);
  for (let step = 0; step < 3; step++) {
    const ids = tf.tensor1d(randomInts(rand, 32, 40), "int32");
    const target = tf.tensor1d(randomValues(rand, 32));
    optimizer.minimize(() => tf.losses.meanSquaredError(target, tf.sum(tf.mul(tf.gather(table, ids), w), 1)), false, [
      table,
      w,
    ]);
    tf.dispose([ids, target]);
  }
  const out = [Float32Array.from(table.dataSync()), Float32Array.from(w.dataSync())];
  optimizer.dispose();
  tf.dispose([table, w]);
  return out;
}

describe("fused Adam", () => {
  it("gives tfjs's Adam results on cpu-accelerated and wasm, and tfjs's own code runs on cpu", async () => {
    await loadTensorflow({ force: "cpu" });
    const reference = trainAdam();
    for (const force of ["cpu-accelerated", "wasm"] as const) {
      await loadTensorflow({ force });
      const before = tf.memory().numTensors;
      const ours = trainAdam();
      expect(tf.memory().numTensors).toBe(before);
      ours.forEach((values, i) => expectClose(values, reference[i]!, 1e-6));
    }
    await loadTensorflow({ force: "cpu" });
  });
});
