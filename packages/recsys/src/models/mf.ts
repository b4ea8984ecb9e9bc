import type { Rng } from "@rectune/search";
import { embeddingDot, mfBprLoss } from "@rectune/tfjs-backend";
import { z } from "zod";
import type { Tf, Tensor1D } from "../tf.js";
import { embeddingParams, trainingParams } from "./hyperparameters.js";
import { normalVariable, zerosVariable } from "./init.js";
import { pairRecommender, type PairModel } from "./pair-recommender.js";
import { readScores } from "./read-scores.js";
import type { Recommender, TrainingData } from "./recommender.js";

export const mfParams = z.strictObject({
  ...trainingParams,
  ...embeddingParams,
  init: z.number().positive().max(1).default(0.1),
});

/** Matrix factorization: score = p_u·q_i + b_i, trained with BCE + negatives or BPR (`loss`). */
export function createMf(tf: Tf, data: TrainingData, params: z.infer<typeof mfParams>, rng: Rng): Recommender {
  const { numUsers, numItems } = data.split;
  const P = normalVariable(tf, [numUsers, params.dim], params.init, rng);
  const Q = normalVariable(tf, [numItems, params.dim], params.init, rng);
  const b = zerosVariable(tf, [numItems]);
  const model: PairModel = {
    variables: [P, Q, b],
    forward: (users, items, training) => {
      // p_u·q_i as one fused kernel on the wasm/cpu backends (tfjs-backend's embeddingDot), the plain
      // ops elsewhere. The gathered rows feed only the L2 term, so scoring without training (the
      // candidates of hard negative sampling) skips them.
      const logits = tf.add(embeddingDot(tf, P, Q, users, items), tf.gather(b, items)) as Tensor1D;
      if (!training) return { logits, penalty: tf.scalar(0) };
      return {
        logits,
        penalty: tf.add(tf.sum(tf.square(tf.gather(P, users))), tf.sum(tf.square(tf.gather(Q, items)))),
      };
    },
    // The same loss as the trainer builds from `forward`, as one kernel and one gradient per table where
    // the backend has it (tfjs-backend's mfBprLoss): unfused, the gradients of the ten lookups were ten
    // table-sized tensors summed by seven table-sized adds, most of a BPR batch.
    bprLoss: (users, items, negatives, l2) => mfBprLoss(tf, P, Q, b, users, items, negatives, l2),
    scoreAll: (users) =>
      readScores(tf, () => tf.add(tf.matMul(tf.gather(P, tf.tensor1d(users, "int32")), Q, false, true), b)),
  };
  return pairRecommender(tf, data, model, params);
}
