import { z } from "zod";
import type { Tensor1D, Tensor2D } from "../tf.js";
import { readScores } from "./read-scores.js";
import { embeddingParams, layerSizes, trainingParams } from "./hyperparameters.js";
import { meanPoolingMatrix } from "./feature-matrix.js";
import { glorotVariable, normalVariable, zerosVariable } from "./init.js";
import { pairRecommender, type PairModel } from "./pair-recommender.js";
import type { ModelFactory } from "./recommender.js";
import { Tower } from "./tower.js";

export const contentParams = z.strictObject({
  ...trainingParams,
  ...embeddingParams,
  /** Hidden layers of the item feature encoder; "" = a linear projection. */
  layers: z.coerce
    .string()
    .regex(/^(\d+(-\d+)*)?$/)
    .default(""),
  dropout: z.number().min(0).max(0.95).default(0),
});

/**
 * Content-based: an item is represented only by its features (genres), encoded to `dim` by a linear
 * map or a feed-forward tower; a user is a learned vector. score = p_u · f(x_i) + w·x_i. Recommends
 * items no one has interacted with as readily as popular ones.
 */
export const createContent: ModelFactory<z.infer<typeof contentParams>> = (tf, data, params, rng) => {
  const features = data.dataset.itemFeatures;
  if (!features || features.names.length === 0) throw new Error('model "content" needs item features (genres)');
  const { numUsers, numItems } = data.split;
  const width = features.names.length;
  const X = tf.tensor2d(meanPoolingMatrix(features, numItems), [numItems, width]);
  const sizes = layerSizes(params.layers);
  const tower = sizes.length > 0 ? new Tower(tf, width, sizes, rng) : null;
  const project = glorotVariable(tf, tower ? tower.outputDim : width, params.dim, rng);
  const P = normalVariable(tf, [numUsers, params.dim], 0.1, rng);
  const w = zerosVariable(tf, [width, 1]);
  const bias = zerosVariable(tf, [1]);
  const encode = (x: Tensor2D, training: boolean): Tensor2D =>
    tf.matMul(tower ? tower.apply(x, params.dropout, training, rng) : x, project);

  const model: PairModel = {
    variables: [P, project, w, bias, ...(tower?.variables ?? [])],
    forward: (users, items, training) => {
      const pu = tf.gather(P, users);
      const xi = tf.gather(X, items) as Tensor2D;
      const logits = tf.add(
        tf.add(tf.sum(tf.mul(pu, encode(xi, training)), 1), tf.reshape(tf.matMul(xi, w), [-1])),
        bias,
      ) as Tensor1D;
      return { logits, penalty: tf.sum(tf.square(pu)) };
    },
    scoreAll: (users) =>
      readScores(tf, () => {
        const pu = tf.gather(P, tf.tensor1d(users, "int32"));
        const itemBias = tf.reshape(tf.matMul(X, w), [1, numItems]);
        return tf.add(tf.add(tf.matMul(pu, encode(X, false), false, true), itemBias), bias);
      }),
  };
  const recommender = pairRecommender(tf, data, model, params);
  return { ...recommender, dispose: () => (recommender.dispose(), X.dispose()) };
};
