import { z } from "zod";
import { listOf } from "../split/user-lists.js";
import type { Scalar, Tensor2D, Tensor3D } from "../tf.js";
import { readScores } from "./read-scores.js";
import { embeddingParams, trainingParams } from "./hyperparameters.js";
import { createOptimizer } from "./optimizer.js";
import { glorotVariable, normalVariable, zerosVariable } from "./init.js";
import type { EpochContext, ModelFactory } from "./recommender.js";

const {
  negatives: _negatives,
  negativeCandidates: _negativeCandidates,
  loss: _loss,
  ...sequenceTraining
} = trainingParams;

export const gru4recParams = z.strictObject({
  ...sequenceTraining,
  ...embeddingParams,
  batchSize: z.number().int().min(1).max(100_000).default(256),
  /** Most recent training items fed to the GRU. */
  maxLength: z.number().int().min(1).max(200).default(20),
  dropout: z.number().min(0).max(0.95).default(0),
});

/**
 * GRU4Rec-style sequential model: a GRU reads the user's last `maxLength` training items (in time
 * order) and its final state scores every item through the tied item embeddings; trained on
 * next-item prediction with a full softmax cross-entropy.
 */
export const createGru4Rec: ModelFactory<z.infer<typeof gru4recParams>> = (tf, data, params, rng) => {
  const { numUsers, numItems, train } = data.split;
  const d = params.dim;
  const L = params.maxLength;
  const pad = numItems;
  const E = normalVariable(tf, [numItems + 1, d], 0.1, rng);
  const Wx = glorotVariable(tf, d, 3 * d, rng);
  const Wh = glorotVariable(tf, d, 3 * d, rng);
  const bh = zerosVariable(tf, [3 * d]);
  const bOut = zerosVariable(tf, [numItems]);
  const variables = [E, Wx, Wh, bh, bOut];
  const optimizer = createOptimizer(tf, params.optimizer, params.lr);

  /** Final GRU state for left-padded windows (B×L item indices). */
  const encode = (windows: Int32Array, batch: number, training: boolean): Tensor2D => {
    const x = tf.gather(E, tf.tensor2d(windows, [batch, L], "int32")) as Tensor3D;
    const steps = tf.unstack(x, 1) as Tensor2D[];
    let h = tf.zeros([batch, d]) as Tensor2D;
    for (const xt of steps) {
      const [xz, xr, xn] = tf.split(tf.add(tf.matMul(xt, Wx), bh), 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
      const [hz, hr, hn] = tf.split(tf.matMul(h, Wh), 3, 1) as [Tensor2D, Tensor2D, Tensor2D];
      const z = tf.sigmoid(tf.add(xz, hz));
      const r = tf.sigmoid(tf.add(xr, hr));
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as Tensor2D;
    }
    return training && params.dropout > 0
      ? (tf.dropout(h, params.dropout, undefined, rng.int(2 ** 31)) as Tensor2D)
      : h;
  };
  const logitsOf = (h: Tensor2D): Tensor2D =>
    tf.add(tf.matMul(h, tf.slice(E, [0, 0], [numItems, d]), false, true), bOut);

  /** The window of `L` items ending just before position `end` of the user's training list. */
  const windowInto = (out: Int32Array, offset: number, items: Int32Array, end: number): void => {
    for (let k = 0; k < L; k++) {
      const pos = end - L + k;
      out[offset + k] = pos >= 0 ? items[pos]! : pad;
    }
  };

  const examples: Array<[user: number, position: number]> = [];
  for (let u = 0; u < numUsers; u++) for (let t = 1; t < listOf(train, u).length; t++) examples.push([u, t]);

  return {
    epochs: params.epochs,
    async trainEpoch(_epoch: number, ctx: EpochContext): Promise<number> {
      const order = examples.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = ctx.rng.int(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let total = 0;
      for (let start = 0, batches = 0; start < order.length; start += params.batchSize, batches++) {
        const idx = order.slice(start, start + params.batchSize);
        const windows = new Int32Array(idx.length * L);
        const targets = new Int32Array(idx.length);
        idx.forEach((e, b) => {
          const [u, t] = examples[e]!;
          const items = listOf(train, u);
          windowInto(windows, b * L, items, t);
          targets[b] = items[t]!;
        });
        const loss = tf.tidy(() =>
          optimizer.minimize(
            () => {
              const logits = logitsOf(encode(windows, idx.length, true));
              const ce = tf.losses.softmaxCrossEntropy(
                tf.oneHot(tf.tensor1d(targets, "int32"), numItems),
                logits,
              ) as Scalar;
              return params.l2 > 0
                ? (tf.add(ce, tf.mul(params.l2, tf.add(tf.sum(tf.square(Wx)), tf.sum(tf.square(Wh))))) as Scalar)
                : ce;
            },
            true,
            variables,
          )!,
        );
        total += loss.dataSync()[0]! * idx.length;
        loss.dispose();
        if (batches % 4 === 3) await ctx.yieldControl();
      }
      return examples.length === 0 ? 0 : total / examples.length;
    },
    score(users: Int32Array): Float32Array {
      const windows = new Int32Array(users.length * L);
      users.forEach((u, b) => {
        const items = listOf(train, u);
        windowInto(windows, b * L, items, items.length);
      });
      return readScores(tf, () => logitsOf(encode(windows, users.length, false)));
    },
    dispose() {
      optimizer.dispose();
      for (const v of variables) v.dispose();
    },
  };
};
