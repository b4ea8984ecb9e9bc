import type { Rng } from "@rectune/search";
import type { Dataset } from "../data/dataset.js";
import type { Tf } from "../tf.js";
import type { Split } from "../split/split.js";

/** What a model trains on: the split (training lists only for fitting) and the data set's side features. */
export interface TrainingData {
  readonly dataset: Dataset;
  readonly split: Split;
  /** Training users per item (item popularity). */
  readonly itemUsers: Int32Array;
}

export interface EpochContext {
  readonly rng: Rng;
  /** Awaited every few batches: lets heartbeats run, and throws when the trial was aborted. */
  readonly yieldControl: () => Promise<void>;
}

/** A trained (or training) recommender. Owns its tensors until `dispose`. */
export interface Recommender {
  /** Epochs the model trains for; closed-form models fit in one. */
  readonly epochs: number;
  /** One pass over the training data; returns the mean training loss (0 for closed-form models). */
  trainEpoch(epoch: number, ctx: EpochContext): Promise<number>;
  /** Scores of every item for each user, row-major `users.length × numItems`; higher ranks first. */
  score(users: Int32Array): Float32Array;
  /**
   * The training state as bytes (weights and optimizer slots), for checkpoints: absent for models that
   * fit in closed form or keep no state worth resuming.
   */
  readonly state?: {
    save(): Promise<Uint8Array>;
    /** Loads a saved state into this freshly built model; it must have the same architecture. */
    restore(bytes: Uint8Array): Promise<void>;
  };
  dispose(): void;
}

/** Builds a model of one family from its parsed hyperparameters (the registry's entry point for every model). */
export type ModelFactory<P> = (tf: Tf, data: TrainingData, params: P, rng: Rng) => Recommender;
