import type { z } from "zod";

/** Weights an objective saved after a step, as it serialised them. */
export interface TrialCheckpoint {
  readonly step: number;
  readonly data: Uint8Array;
}

/** What the study asks of a trial: the metrics it optimizes (in order) and its pruner's name. */
export interface TrialStudy {
  readonly objectives: readonly { readonly metric: string; readonly direction: "minimize" | "maximize" }[];
  /** The study's pruner (`none`, `median`, `asha`, `pbt`, ...): population-based training answers with `exploit`. */
  readonly pruner: string;
}

/** The study's answer to a report. */
export interface ReportVerdict<P> {
  /** Stop now and return: the trial is recorded PRUNED (or its attempt was lost). */
  readonly prune: boolean;
  /**
   * Population-based training only: load `checkpoint` (another trial's weights, saved after its
   * `step`), switch to `params` and go on training from the step after it. The trial's params in the
   * store are already the new ones; an objective that cannot load weights should not run under `pbt`.
   */
  readonly exploit?: { readonly params: P; readonly checkpoint: TrialCheckpoint };
}

/** One trial as an objective sees it, the built-in ones and an operator's plug-ins alike. */
export interface ObjectiveTrial<P> {
  /** The configuration, parsed with the objective's `params` schema. */
  readonly params: P;
  /** The trial's number in its study. */
  readonly number: number;
  /**
   * The study target's options: a module target's `config` (operator- or submitter-given, such as a data
   * path); for a built-in, the study's target itself (the recommender's model and data set, a function's steps).
   */
  readonly config: Readonly<Record<string, unknown>>;
  readonly study: TrialStudy;
  /**
   * Stores a step's metrics (the study's objective among them) and returns the study's decision.
   * `last`: the trial's final step (a closed-form model's only one): stored, never pruned.
   */
  report(
    step: number,
    metrics: Readonly<Record<string, number>>,
    options?: { readonly last?: boolean },
  ): Promise<ReportVerdict<P>>;
  readonly checkpoint: {
    /** Saves the weights after `step` (call it before `report(step)`): a retried attempt resumes from them. */
    save(step: number, data: Uint8Array): Promise<void>;
    /** Where to start: the last checkpoint of an earlier attempt (resume after its step), or null. */
    load(): TrialCheckpoint | null;
  };
  /** Aborted when the trial must stop (the worker shuts down, a timeout, the study stopped): return or throw promptly. */
  readonly signal: AbortSignal;
  /** The worker's compute backend: its name and the loaded TensorFlow.js module (`tf`, untyped here). */
  readonly backend: { readonly name: string; readonly tf: unknown };
}

/**
 * A study's champion as its refit sees it: the best trial's configuration, how far it trained, and the
 * trial's config, study, signal and backend (as `run` got them).
 */
export interface ChampionTrial<P> {
  /** The champion's configuration, parsed with the objective's `params` schema. */
  readonly params: P;
  /** The champion trial's number in its study. */
  readonly number: number;
  readonly config: Readonly<Record<string, unknown>>;
  readonly study: TrialStudy;
  /** The step the champion scored best at (its `bestEpoch` metric): how long to train; null when it has none. */
  readonly bestStep: number | null;
  /** Aborted when the refit must stop (the worker shuts down): return or throw promptly. */
  readonly signal: AbortSignal;
  readonly backend: { readonly name: string; readonly tf: unknown };
}

/** What a refit produced: the champion's scores on held-out test data, and the model to keep. */
export interface RefitResult {
  /** Every metric on the test split. */
  readonly testMetrics: Readonly<Record<string, number>>;
  /** Steps (epochs) the refit trained. */
  readonly steps: number;
  /** The refitted model's state, served later (null: nothing worth keeping, e.g. a closed-form model). */
  readonly weights: Uint8Array | null;
  /** A fingerprint of the data it was scored on: champions with the same one are compared (cross-study leaderboards). */
  readonly dataset: string;
}

/**
 * An objective a worker can run: a name studies refer to, a schema of its hyperparameters, the training,
 * and optionally the champion's refit. The built-in functions and recommenders are made the same way as an
 * operator's plug-ins.
 */
export interface ObjectiveModule<P = unknown> {
  readonly name: string;
  readonly params: z.ZodType<P>;
  /** Trains and scores one configuration; returns the final metrics (the study's objectives among them). */
  run(trial: ObjectiveTrial<P>): Promise<Readonly<Record<string, number>>>;
  /**
   * Once a study's budget is spent: retrains its champion (the best trial by validation) on training +
   * validation data for its best step count, and scores it once on held-out test data. Optional: an
   * objective without a test split (the synthetic functions) has none, and its studies complete at once.
   */
  refit?(champion: ChampionTrial<P>): Promise<RefitResult>;
}

const MARK = Symbol.for("rectune.objective-module");
const NAME = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Declares an objective module: export its result (as `default` or any named export) from the file or
 * package the operator lists in RECTUNE_OBJECTIVES, and studies run it with `target: { kind: module, name }`.
 */
export function defineObjective<P>(module: ObjectiveModule<P>): ObjectiveModule<P> {
  if (!NAME.test(module.name))
    throw new Error(`objective name "${module.name}": lowercase letters, digits and dashes, starting with a letter`);
  return Object.assign(Object.create(null) as object, module, { [MARK]: true }) as ObjectiveModule<P>;
}

/** Whether a module's export was made by defineObjective. */
export const isObjectiveModule = (value: unknown): value is ObjectiveModule =>
  typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARK] === true;
