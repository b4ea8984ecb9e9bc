import { createRng, deriveSeed } from "@rectune/search";
import type { RecommenderTarget } from "@rectune/spec";
import { prepareTrialData, type PreparedData } from "./data/prepared-data.js";
import { evaluate } from "./metrics/evaluate.js";
import { createModel } from "./models/registry.js";
import type { Recommender } from "./models/recommender.js";
import type { Tf } from "./tf.js";

export type EpochDecision = "continue" | "stop";

export interface RecommenderTrialArgs {
  readonly tf: Tf;
  readonly target: RecommenderTarget;
  /** The trial's sampled hyperparameters; they override `target.fixed`. */
  readonly params: Record<string, string | number | boolean>;
  /** Where prepared data sets are cached between runs (memory caching happens regardless). */
  readonly cacheDir?: string;
  /** After each evaluated epoch, with every validation metric and "loss"; "stop" ends training (pruning). */
  readonly onEpoch: (epoch: number, metrics: Record<string, number>) => Promise<EpochDecision>;
  readonly signal?: AbortSignal;
}

export interface RecommenderTrialResult {
  /** Validation metrics of the last evaluated epoch: what tuning optimizes. */
  readonly metrics: Record<string, number>;
  /** Test metrics (training and validation items masked): for the final report only, never for selection. */
  readonly testMetrics: Record<string, number>;
  readonly epochs: number;
}

/** Training produced a non-finite loss (too high a learning rate); the trial should fail, not report NaN. */
export class TrainingDivergedError extends Error {
  override readonly name = "TrainingDivergedError";
}

/**
 * Trains and scores one configuration: prepares (or reuses) the data and split, trains epoch by epoch,
 * scores the validation split every `evalEvery` epochs and after the last, and the test split once
 * at the end. Every tensor the model created is disposed, whatever happens.
 */
export async function runRecommenderTrial(args: RecommenderTrialArgs): Promise<RecommenderTrialResult> {
  const { tf, target, signal } = args;
  const data = await prepareTrialData(target, args.cacheDir);
  const rng = createRng(deriveSeed(target.splitSeed, 0x7a11));
  const yieldControl = yieldingTo(signal);
  signal?.throwIfAborted();
  const model = createModel(tf, target.model, data, { ...target.fixed, ...args.params }, rng);
  try {
    let metrics: Record<string, number> = {};
    let epoch = 0;
    while (epoch < model.epochs) {
      epoch++;
      const loss = await model.trainEpoch(epoch, { rng, yieldControl });
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(`training loss is ${loss} at epoch ${epoch}`);
      if (epoch % target.evalEvery !== 0 && epoch !== model.epochs) continue;
      metrics = { ...(await score(model, data, target.cutoffs, "valid", yieldControl)), loss };
      if ((await args.onEpoch(epoch, metrics)) === "stop") break;
    }
    const testMetrics = await score(model, data, target.cutoffs, "test", yieldControl);
    return { metrics, testMetrics, epochs: epoch };
  } finally {
    model.dispose();
  }
}

/** Lets the event loop run (heartbeats) and ends the work with the abort reason once `signal` fires. */
export const yieldingTo =
  (signal?: AbortSignal) =>
  async (): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  };

/** Full-ranking metrics on one held-out part; the test part also masks validation items. */
export function score(
  model: Recommender,
  data: PreparedData,
  cutoffs: readonly number[],
  part: "valid" | "test",
  yieldControl?: () => Promise<void>,
): Promise<Record<string, number>> {
  const { split } = data;
  return evaluate({
    score: (users) => model.score(users),
    numItems: split.numItems,
    targets: split[part],
    masks: part === "valid" ? [split.train] : [split.train, split.valid],
    cutoffs,
    itemUsers: data.itemUsers,
    numTrainUsers: split.numUsers,
    itemFeatures: data.dataset.itemFeatures,
    ...(yieldControl ? { yieldControl } : {}),
  });
}
