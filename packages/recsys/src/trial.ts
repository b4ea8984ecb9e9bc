import { familyValues } from "./models/family-values.js";
import { createRng, deriveSeed, type Rng } from "@rectune/search";
import type { RecommenderTarget } from "@rectune/spec";
import { prepareTrialData, type PreparedData } from "./data/prepared-data.js";
import { evaluate } from "./metrics/evaluate.js";
import { createModel } from "./models/registry.js";
import type { Recommender } from "./models/recommender.js";
import type { Tf } from "./tf.js";
import { decodeCheckpoint, encodeCheckpoint } from "./trial-checkpoint-format.js";

/** A saved training state: the model after `step` epochs. */
export interface TrainingCheckpoint {
  readonly step: number;
  readonly data: Uint8Array;
}

/**
 * What training does after an epoch's report: go on, stop (early stopping: the reported epoch is then
 * scored in full), abandon (pruned, or the attempt lost its trial: the run ends at once, scoring nothing
 * more, since no one reads its result), or (population-based training) switch to `params` and carry on
 * from `checkpoint`, another trial's state.
 */
export type EpochDecision =
  | "continue"
  | "stop"
  | "abandon"
  | {
      readonly action: "exploit";
      readonly params: RecommenderTrialArgs["params"];
      readonly checkpoint: TrainingCheckpoint;
    };

export interface RecommenderTrialArgs {
  readonly tf: Tf;
  readonly target: RecommenderTarget;
  /** The trial's sampled hyperparameters; they override `target.fixed`. */
  readonly params: Record<string, string | number | boolean>;
  /** Where prepared data sets are cached between runs (memory caching happens regardless). */
  readonly cacheDir?: string;
  /**
   * After each evaluated epoch, with every validation metric and "loss" (those of the best epoch so far
   * when `target.report` is "best" and `monitor` is given); "stop" ends training there, "abandon" ends the run (see EpochDecision).
   */
  readonly onEpoch: (epoch: number, metrics: Record<string, number>, last: boolean) => Promise<EpochDecision>;
  /**
   * Called with the model's state after each evaluated epoch, before `onEpoch`, for models that have one
   * (gradient-trained models; closed-form ones are refit in one epoch and save nothing).
   */
  readonly saveCheckpoint?: (epoch: number, data: Uint8Array) => Promise<void>;
  /** Resume after `start.step` epochs from its state (a retried attempt, or a trial copied by PBT); null or absent: from scratch. */
  readonly start?: TrainingCheckpoint | null;
  readonly signal?: AbortSignal;
  /** The metric that picks the best epoch under `target.report: "best"`; absent: every epoch reports its own metrics. */
  readonly monitor?: { readonly metric: string; readonly direction: "minimize" | "maximize" };
  /**
   * The validation metrics each epoch's report needs (the study's objectives; `monitor`'s is added); absent:
   * every metric. For models that keep a training state the reported epoch is scored on every metric once,
   * at the end, so the result still holds them all; closed-form models are scored on every metric each time.
   */
  readonly epochMetrics?: readonly string[];
}

export interface RecommenderTrialResult {
  /** Validation metrics of the reported epoch (the best one, or the last): what tuning optimizes. */
  readonly metrics: Record<string, number>;
  /**
   * Test metrics of that epoch's model (training and validation items masked): for the final report only,
   * never for selection. Empty when the run was abandoned.
   */
  readonly testMetrics: Record<string, number>;
  /** Epochs trained. */
  readonly epochs: number;
  /** The epoch whose metrics are reported: the best one under `report: "best"`, else the last. */
  readonly bestEpoch: number;
}

/** Training produced a non-finite loss (too high a learning rate); the trial should fail, not report NaN. */
export class TrainingDivergedError extends Error {
  override readonly name = "TrainingDivergedError";
}

/**
 * Trains and scores one configuration: prepares (or reuses) the data and split, trains epoch by epoch,
 * scores the validation split every `evalEvery` epochs and after the last, and the test split once
 * at the end. Every tensor the model created is disposed, whatever happens.
 *
 * Randomness (initial weights, negatives, shuffling, dropout) comes from one stream per epoch derived
 * from the split seed, so a run resumed from the checkpoint of epoch k trains epochs k+1, … exactly as
 * the run that never stopped: the checkpoint holds the weights and the optimizer's slots, the epoch
 * number picks the stream.
 *
 * Under `report: "best"` the best epoch's state is kept (in memory, and in each checkpoint, so a resumed
 * attempt carries on from the same best), or, for models without one, its test metrics are taken when it
 * is scored: the test metrics belong to the reported epoch. Under PBT the best restarts at each exploit,
 * since the trial's earlier epochs belong to the model it replaced.
 */
export async function runRecommenderTrial(args: RecommenderTrialArgs): Promise<RecommenderTrialResult> {
  const { tf, target, signal } = args;
  const data = await prepareTrialData(target, args.cacheDir);
  const streams = epochStreams(target.splitSeed);
  const yieldControl = yieldingTo(signal);
  signal?.throwIfAborted();
  let params = args.params;
  const build = async (from: Uint8Array | undefined): Promise<Recommender> => {
    streams.select(0);
    const { model: family, values } = familyValues(target, params);
    const built = createModel(tf, family, data, values, streams.rng);
    if (!from) return built;
    try {
      if (!built.state) throw new Error(`model ${family} keeps no training state: it cannot resume from a checkpoint`);
      await built.state.restore(from);
      return built;
    } catch (error) {
      built.dispose();
      throw error;
    }
  };
  const resumed = args.start ? decodeCheckpoint(args.start.data) : null;
  let model = await build(resumed?.state);
  const monitor = target.report === "best" ? args.monitor : undefined;
  // Only models whose reported epoch can be rebuilt from its state are scored on fewer metrics per epoch.
  const perEpoch =
    args.epochMetrics && model.state
      ? [...new Set([...args.epochMetrics, ...(monitor ? [monitor.metric] : [])])]
      : undefined;
  /** The reported epoch's model on every validation metric (its report's loss kept) and on the test split. */
  const scoredInFull = async (scored: Recommender, reported: Record<string, number>) => {
    const valid = perEpoch ? await score(scored, data, target.cutoffs, "valid", yieldControl) : {};
    return {
      metrics: { ...reported, ...valid },
      testMetrics: await score(scored, data, target.cutoffs, "test", yieldControl),
    };
  };
  const better = (a: number, b: number): boolean => (monitor?.direction === "minimize" ? a < b : a > b);
  /** The best epoch so far under `report: "best"`: its metrics, and its state or else its test metrics. */
  let best: {
    epoch: number;
    metrics: Record<string, number>;
    state?: Uint8Array;
    test?: Record<string, number>;
  } | null = (monitor && resumed?.best) || null;
  try {
    let metrics: Record<string, number> = {};
    let epoch = args.start?.step ?? 0;
    while (epoch < model.epochs) {
      epoch++;
      streams.select(epoch);
      const loss = await model.trainEpoch(epoch, { rng: streams.rng, yieldControl });
      if (!Number.isFinite(loss)) throw new TrainingDivergedError(`training loss is ${loss} at epoch ${epoch}`);
      if (epoch % target.evalEvery !== 0 && epoch !== model.epochs) continue;
      metrics = { ...(await score(model, data, target.cutoffs, "valid", yieldControl, perEpoch)), loss };
      let newBest = false;
      if (monitor) {
        const value = metrics[monitor.metric] ?? Number.NaN;
        // A non-finite value (a metric the model cannot produce) never becomes the best; the first epoch is the floor.
        newBest =
          !best ||
          (Number.isFinite(value) &&
            (!Number.isFinite(best.metrics[monitor.metric] ?? Number.NaN) ||
              better(value, best.metrics[monitor.metric]!)));
      }
      // The state is serialized only when something keeps it: a checkpoint, or a new best epoch.
      const state = model.state && (args.saveCheckpoint || newBest) ? await model.state.save() : undefined;
      if (newBest)
        best = {
          epoch,
          metrics,
          ...(state ? { state } : { test: await score(model, data, target.cutoffs, "test", yieldControl) }),
        };
      if (args.saveCheckpoint && state)
        await args.saveCheckpoint(
          epoch,
          encodeCheckpoint(
            epoch,
            state,
            best?.state ? { epoch: best.epoch, metrics: best.metrics, state: best.state } : null,
          ),
        );
      const decision = await args.onEpoch(epoch, best?.metrics ?? metrics, epoch === model.epochs);
      if (decision === "stop") break;
      if (decision === "abandon")
        return { metrics: best?.metrics ?? metrics, testMetrics: {}, epochs: epoch, bestEpoch: best?.epoch ?? epoch };
      if (decision !== "continue") {
        // Population-based training: another trial's state under explored hyperparameters.
        params = decision.params;
        const copy = await build(decodeCheckpoint(decision.checkpoint.data).state);
        model.dispose();
        model = copy;
        epoch = decision.checkpoint.step;
        // The metrics were the replaced model's; after the last epoch the copy is scored below.
        metrics = {};
        best = null;
      }
    }
    // Resumed after the last epoch (the attempt before died between its report and the end), or switched
    // to another trial's model at the last epoch: nothing was trained since, the model is scored as it stands.
    if (Object.keys(metrics).length === 0 && !best)
      metrics = await score(model, data, target.cutoffs, "valid", yieldControl, perEpoch);
    if (!best || best.epoch === epoch) {
      if (best?.test) return { metrics: best.metrics, testMetrics: best.test, epochs: epoch, bestEpoch: epoch };
      return { ...(await scoredInFull(model, best?.metrics ?? metrics)), epochs: epoch, bestEpoch: epoch };
    }
    if (!best.state)
      return { metrics: best.metrics, testMetrics: best.test ?? {}, epochs: epoch, bestEpoch: best.epoch };
    // The best epoch's model, rebuilt from its state, is the one the test split scores.
    const bestModel = await build(best.state);
    try {
      return { ...(await scoredInFull(bestModel, best.metrics)), epochs: epoch, bestEpoch: best.epoch };
    } finally {
      bestModel.dispose();
    }
  } finally {
    model.dispose();
  }
}

/**
 * One seeded stream per epoch behind a single Rng: models keep the Rng they were built with (dropout
 * draws from it while training), so switching the stream underneath switches theirs too.
 */
function epochStreams(seed: number): { readonly rng: Rng; select(epoch: number): void } {
  let current = createRng(deriveSeed(seed, 0x7a11));
  return {
    rng: { next: () => current.next(), int: (n) => current.int(n), normal: () => current.normal() },
    select: (epoch) => {
      current = createRng(deriveSeed(seed, 0x7a11, epoch));
    },
  };
}

/** Lets the event loop run (heartbeats) and ends the work with the abort reason once `signal` fires. */
export const yieldingTo = (signal?: AbortSignal) => async (): Promise<void> => {
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
  /** Only these metrics (see EvaluationInput.metrics); absent: every one. */
  metrics?: readonly string[],
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
    ...(metrics ? { metrics } : {}),
  });
}
