import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { CPU_ACCELERATED } from "./cpu-accelerated-backend.js";
import { expectClose, prepareBackends, randomInts, seededRandom } from "./testing/compare-backends.js";

/**
 * A model written the way the recsys package writes them (tf.layers: Embedding, Flatten, Dot, Dense,
 * fit with Adam and binary cross-entropy) trains to the same weights on the accelerated backends as on
 * tfjs's cpu backend: the fast path needs no change to model code.
 */
async function trainLayersModel(backend: string): Promise<{ weights: Float32Array[]; loss: number }> {
  await tf.setBackend(backend);
  const rand = seededRandom(6);
  const users = tf.input({ shape: [1], dtype: "int32" });
  const items = tf.input({ shape: [1], dtype: "int32" });
  const init = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.1, seed });
  const embed = (n: number, seed: number, x: tf.SymbolicTensor) =>
    tf.layers
      .flatten()
      .apply(
        tf.layers.embedding({ inputDim: n, outputDim: 8, embeddingsInitializer: init(seed) }).apply(x),
      ) as tf.SymbolicTensor;
  const dot = tf.layers.dot({ axes: 1 }).apply([embed(30, 1, users), embed(50, 2, items)]) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 1, activation: "sigmoid", kernelInitializer: init(3) })
    .apply(dot) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [users, items], outputs: out });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy" });
  const n = 256;
  const xs = [
    tf.tensor2d(randomInts(rand, n, 30), [n, 1], "int32"),
    tf.tensor2d(randomInts(rand, n, 50), [n, 1], "int32"),
  ];
  const ys = tf.tensor2d(
    Float32Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0)),
    [n, 1],
  );
  const history = await model.fit(xs, ys, { epochs: 2, batchSize: 64, shuffle: false, verbose: 0 });
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([...xs, ys]);
  model.dispose();
  return { weights, loss: history.history.loss!.at(-1) as number };
}

describe("tf.layers models on the accelerated backends", () => {
  beforeAll(prepareBackends);

  it("train to tfjs cpu's weights on cpu-accelerated and wasm", async () => {
    const reference = await trainLayersModel("cpu");
    for (const backend of [CPU_ACCELERATED, "wasm"]) {
      const ours = await trainLayersModel(backend);
      expect(ours.loss).toBeCloseTo(reference.loss, 5);
      ours.weights.forEach((w, i) => expectClose(w, reference.weights[i]!, 1e-4));
    }
    await tf.setBackend("cpu");
  });
});
