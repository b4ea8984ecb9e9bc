import type { Rng } from "@rectune/search";
import { z } from "zod";
import type { Scalar, Tensor1D, Tensor2D, Tf } from "../tf.js";
import { readScores } from "./read-scores.js";
import { embeddingParams, layerSizes, towerParams, trainingParams } from "./hyperparameters.js";
import { normalVariable, onesVariable, zerosVariable } from "./init.js";
import { pairRecommender, type PairModel } from "./pair-recommender.js";
import type { Recommender, TrainingData } from "./recommender.js";
import { Tower, usersPerChunk } from "./tower.js";

export const gmfParams = z.strictObject({ ...trainingParams, ...embeddingParams });
export const mlpParams = z.strictObject({ ...trainingParams, ...embeddingParams, ...towerParams });
export const neumfParams = mlpParams;

export type NcfVariant = "gmf" | "mlp" | "neumf";

/**
 * Neural collaborative filtering (He et al. 2017). GMF: h·(p_u ⊙ q_i). MLP: a ReLU tower over
 * [p'_u, q'_i]. NeuMF: both, with separate embeddings, summed into one logit (the paper's
 * concatenation followed by one output unit).
 */
export function createNcf(
  tf: Tf,
  data: TrainingData,
  variant: NcfVariant,
  params: z.infer<typeof mlpParams> | z.infer<typeof gmfParams>,
  rng: Rng,
): Recommender {
  const { numUsers, numItems } = data.split;
  const d = params.dim;
  const useGmf = variant !== "mlp";
  const useMlp = variant !== "gmf";
  const dropout = "dropout" in params ? params.dropout : 0;
  const gP = useGmf ? normalVariable(tf, [numUsers, d], 0.1, rng) : null;
  const gQ = useGmf ? normalVariable(tf, [numItems, d], 0.1, rng) : null;
  const h = useGmf ? onesVariable(tf, [d, 1]) : null;
  const mP = useMlp ? normalVariable(tf, [numUsers, d], 0.1, rng) : null;
  const mQ = useMlp ? normalVariable(tf, [numItems, d], 0.1, rng) : null;
  const tower = useMlp ? new Tower(tf, 2 * d, layerSizes("layers" in params ? params.layers : ""), rng) : null;
  const out = tower ? normalVariable(tf, [tower.outputDim, 1], 0.1, rng) : null;
  const bias = zerosVariable(tf, [1]);
  const variables = [gP, gQ, h, mP, mQ, out, bias, ...(tower?.variables ?? [])].filter((v) => v !== null);

  const model: PairModel = {
    variables,
    forward: (users, items, training) => {
      let logits = tf.tile(bias, [users.shape[0]]) as Tensor1D;
      let penalty = tf.scalar(0) as Scalar;
      if (gP && gQ && h) {
        const pu = tf.gather(gP, users);
        const qi = tf.gather(gQ, items);
        logits = tf.add(logits, tf.reshape(tf.matMul(tf.mul(pu, qi), h), [-1]));
        penalty = tf.add(penalty, tf.add(tf.sum(tf.square(pu)), tf.sum(tf.square(qi))));
      }
      if (mP && mQ && tower && out) {
        const pu = tf.gather(mP, users);
        const qi = tf.gather(mQ, items);
        const top = tower.apply(tf.concat([pu, qi], 1) as Tensor2D, dropout, training, rng);
        logits = tf.add(logits, tf.reshape(tf.matMul(top, out), [-1]));
        penalty = tf.add(penalty, tf.add(tf.sum(tf.square(pu)), tf.sum(tf.square(qi))));
      }
      return { logits, penalty };
    },
    scoreAll: (users) => {
      const result = new Float32Array(users.length * numItems);
      const chunk = tower ? usersPerChunk(numItems, tower.firstLayerWidth) : users.length;
      for (let start = 0; start < users.length; start += chunk) {
        const part = users.subarray(start, start + chunk);
        const scores = readScores(tf, () => {
          const u = tf.tensor1d(part, "int32");
          let s = tf.add(tf.zeros([part.length, numItems]), bias) as Tensor2D;
          if (gP && gQ && h) s = tf.add(s, tf.matMul(tf.mul(tf.gather(gP, u), tf.reshape(h, [1, d])), gQ, false, true));
          if (mP && mQ && tower && out) {
            const userPre = tf.matMul(tf.gather(mP, u) as Tensor2D, tower.firstWeights(0, d)) as Tensor2D;
            const itemPre = tf.matMul(mQ as Tensor2D, tower.firstWeights(d, 2 * d)) as Tensor2D;
            s = tf.add(s, tf.reshape(tf.matMul(tower.applyPairs(userPre, itemPre), out), [part.length, numItems]));
          }
          return s;
        });
        result.set(scores, start * numItems);
      }
      return result;
    },
  };
  return pairRecommender(tf, data, model, params);
}
