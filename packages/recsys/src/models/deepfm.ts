import type { Rng } from "@rectune/search";
import { z } from "zod";
import type { Tensor1D, Tensor2D, Tf } from "../tf.js";
import { readScores } from "./read-scores.js";
import { embeddingParams, layerSizes, towerParams, trainingParams } from "./hyperparameters.js";
import { meanPoolingMatrix } from "./feature-matrix.js";
import { normalVariable, zerosVariable } from "./init.js";
import { pairRecommender, type PairModel } from "./pair-recommender.js";
import type { Recommender, TrainingData } from "./recommender.js";
import { Tower, usersPerChunk } from "./tower.js";

export const deepFmParams = z.strictObject({ ...trainingParams, ...embeddingParams, ...towerParams });

/**
 * DeepFM (Guo et al. 2017) over three fields: user, item, and the item's genres (mean-pooled genre
 * embeddings). Logit = first-order weights + pairwise FM interactions of the three field vectors +
 * a ReLU tower over their concatenation. Without genres it degrades to user and item fields.
 */
export function createDeepFm(tf: Tf, data: TrainingData, params: z.infer<typeof deepFmParams>, rng: Rng): Recommender {
  const { numUsers, numItems } = data.split;
  const d = params.dim;
  const features = data.dataset.itemFeatures;
  const width = Math.max(1, features?.names.length ?? 0);
  const G = tf.tensor2d(features ? meanPoolingMatrix(features, numItems) : new Float32Array(numItems), [
    numItems,
    width,
  ]);
  const V = {
    user: normalVariable(tf, [numUsers, d], 0.1, rng),
    item: normalVariable(tf, [numItems, d], 0.1, rng),
    genre: normalVariable(tf, [width, d], 0.1, rng),
  };
  const W = {
    user: zerosVariable(tf, [numUsers]),
    item: zerosVariable(tf, [numItems]),
    genre: zerosVariable(tf, [width, 1]),
  };
  const bias = zerosVariable(tf, [1]);
  const tower = new Tower(tf, 3 * d, layerSizes(params.layers), rng);
  const out = normalVariable(tf, [tower.outputDim, 1], 0.1, rng);

  /** Item-side field vectors and first-order weight for the given item rows. */
  const itemSide = (items: Tensor1D | null): { vi: Tensor2D; vg: Tensor2D; first: Tensor1D } => {
    const g = (items ? tf.gather(G, items) : G) as Tensor2D;
    const vi = (items ? tf.gather(V.item, items) : V.item) as Tensor2D;
    const vg = tf.matMul(g, V.genre) as Tensor2D;
    const first = tf.add(
      items ? tf.gather(W.item, items) : W.item,
      tf.reshape(tf.matMul(g, W.genre), [-1]),
    ) as Tensor1D;
    return { vi, vg, first };
  };

  const model: PairModel = {
    variables: [V.user, V.item, V.genre, W.user, W.item, W.genre, bias, out, ...tower.variables],
    forward: (users, items, training) => {
      const vu = tf.gather(V.user, users) as Tensor2D;
      const { vi, vg, first } = itemSide(items);
      const fm = tf.sum(tf.add(tf.add(tf.mul(vu, vi), tf.mul(vu, vg)), tf.mul(vi, vg)), 1);
      const deep = tf.reshape(
        tf.matMul(tower.apply(tf.concat([vu, vi, vg], 1) as Tensor2D, params.dropout, training, rng), out),
        [-1],
      );
      const logits = tf.add(tf.add(tf.add(tf.add(tf.gather(W.user, users), first), fm), deep), bias) as Tensor1D;
      return { logits, penalty: tf.add(tf.sum(tf.square(vu)), tf.sum(tf.square(vi))) };
    },
    scoreAll: (users) => {
      const result = new Float32Array(users.length * numItems);
      const chunk = usersPerChunk(numItems, tower.firstLayerWidth);
      for (let start = 0; start < users.length; start += chunk) {
        const part = users.subarray(start, start + chunk);
        const scores = readScores(tf, () => {
          const u = tf.tensor1d(part, "int32");
          const vu = tf.gather(V.user, u) as Tensor2D;
          const { vi, vg, first } = itemSide(null);
          // FM: vu·(vi + vg) per pair, vi·vg per item.
          const fm = tf.add(
            tf.matMul(vu, tf.add(vi, vg), false, true),
            tf.reshape(tf.sum(tf.mul(vi, vg), 1), [1, numItems]),
          );
          const userPre = tf.matMul(vu, tower.firstWeights(0, d)) as Tensor2D;
          const itemPre = tf.matMul(tf.concat([vi, vg], 1) as Tensor2D, tower.firstWeights(d, 3 * d)) as Tensor2D;
          const deep = tf.reshape(tf.matMul(tower.applyPairs(userPre, itemPre), out), [part.length, numItems]);
          const firstOrder = tf.add(tf.reshape(tf.gather(W.user, u), [-1, 1]), tf.reshape(first, [1, numItems]));
          return tf.add(tf.add(tf.add(fm, deep), firstOrder), bias);
        });
        result.set(scores, start * numItems);
      }
      return result;
    },
  };
  const recommender = pairRecommender(tf, data, model, params);
  return { ...recommender, dispose: () => (recommender.dispose(), G.dispose()) };
}
