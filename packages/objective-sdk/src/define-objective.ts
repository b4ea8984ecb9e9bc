import type { z } from "zod";

/** Weights an objective saved after a step, as it serialised them. */
export interface TrialCheckpoint {
  readonly step: number;
  readonly data: Uint8Array;
}

/** One trial as an objective module sees it. */
export interface ObjectiveTrial<P> {
  /** The configuration, parsed with the module's `params` schema. */
  readonly params: P;
  /** The trial's number in its study. */
  readonly number: number;
  /** The study target's `config` (operator- or submitter-given options such as a data path). */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * Stores a step's metrics (the study's objective among them) and returns the pruner's decision:
   * `prune: true` means stop now and return (the trial is recorded PRUNED, or its attempt was lost).
   */
  report(step: number, metrics: Readonly<Record<string, number>>): Promise<{ readonly prune: boolean }>;
  readonly checkpoint: {
    /** Saves the weights after `step` (call it before `report(step)`): a retried attempt resumes from them. */
    save(step: number, data: Uint8Array): Promise<void>;
    /** Where to start: the last checkpoint of an earlier attempt (resume after its step), or null. */
    load(): TrialCheckpoint | null;
  };
  /** Aborted when the trial must stop (the worker shuts down): return or throw promptly. */
  readonly signal: AbortSignal;
  /** The worker's compute backend: its name and the loaded TensorFlow.js module (`tf`, untyped here). */
  readonly backend: { readonly name: string; readonly tf: unknown };
}

/** An objective a worker can run: a name studies refer to, a schema of its hyperparameters, and the training. */
export interface ObjectiveModule<P = unknown> {
  readonly name: string;
  readonly params: z.ZodType<P>;
  /** Trains and scores one configuration; returns the final metrics (the study's objectives among them). */
  run(trial: ObjectiveTrial<P>): Promise<Readonly<Record<string, number>>>;
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
