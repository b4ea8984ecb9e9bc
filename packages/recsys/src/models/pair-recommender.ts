import type { Optimizer } from "@tensorflow/tfjs";
import type { Tf } from "../tf.js";
import { PairTrainer, type PairScorer } from "../train/pair-trainer.js";
import { decodeTrainingState, encodeTrainingState } from "../train/training-state.js";
import { createOptimizer } from "./optimizer.js";
import type { EpochContext, Recommender, TrainingData } from "./recommender.js";
import type { OPTIMIZERS } from "./hyperparameters.js";

export interface PairModel extends PairScorer {
  /** Full-ranking scores; the model may batch internally to bound memory. */
  scoreAll(users: Int32Array): Float32Array;
}

export interface TrainingSettings {
  readonly optimizer: (typeof OPTIMIZERS)[number];
  readonly lr: number;
  readonly l2: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly negatives: number;
  readonly negativeCandidates: number;
  readonly loss: "bce" | "bpr";
}

/** Turns a pair-scoring model into a Recommender trained by the pair trainer; disposes both. */
export function pairRecommender(tf: Tf, data: TrainingData, model: PairModel, settings: TrainingSettings): Recommender {
  const optimizer: Optimizer = createOptimizer(tf, settings.optimizer, settings.lr);
  const trainer = new PairTrainer(tf, model, optimizer, data.split.train, data.split.numItems, settings);
  return {
    epochs: settings.epochs,
    trainEpoch: (_epoch: number, ctx: EpochContext) => trainer.epoch(ctx.rng, ctx.yieldControl),
    score: (users) => model.scoreAll(users),
    state: {
      save: () => encodeTrainingState(tf, model.variables, optimizer, settings.optimizer),
      restore: (bytes) => decodeTrainingState(tf, bytes, model.variables, optimizer, settings.optimizer),
    },
    dispose: () => {
      optimizer.dispose();
      for (const v of model.variables) v.dispose();
    },
  };
}
