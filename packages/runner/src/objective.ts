import type { RefitResult } from "@rectune/objective-sdk";
import type { Params } from "@rectune/search";
import type { StudySpec, Target } from "@rectune/spec";

export type { RefitResult };

/** Weights saved after a step (an epoch), as the objective serialised them. */
export interface Checkpoint {
  readonly step: number;
  readonly data: Uint8Array;
}

/**
 * What the trial does after a report: go on, end now (pruned, or this attempt no longer holds the
 * trial), or (population-based training) load `checkpoint`, another trial's weights, switch to `params`
 * and go on training from the step after it.
 */
export type StepVerdict =
  "continue" | "stop" | { readonly action: "exploit"; readonly params: Params; readonly checkpoint: Checkpoint };

export interface ObjectiveContext {
  readonly params: Params;
  readonly spec: StudySpec;
  readonly trialNumber: number;
  /**
   * Reports every metric after a step (an epoch). "stop" means the trial must end now: it was pruned,
   * or this attempt no longer holds the trial.
   */
  report(
    step: number,
    metrics: Readonly<Record<string, number>>,
    /**
     * `last`: the trial's final step (a closed-form model's only one): stored, never pruned — nothing is
     * left to save, and a pruned trial could not become the study's champion.
     */
    options?: { readonly last?: boolean },
  ): Promise<StepVerdict>;
  /**
   * Stores the weights after `step`, before `report(step)`: a retried attempt resumes from the last one,
   * and population-based training copies them into other trials. Objectives without weights need not call it.
   */
  saveCheckpoint(step: number, data: Uint8Array): Promise<void>;
  /**
   * Where training starts: null from scratch; otherwise continue after `start.step` from its weights
   * (this trial's last checkpoint on a retried attempt, or a trial copied by population-based training).
   */
  readonly start: Checkpoint | null;
  /** Aborted when the worker shuts down: the objective should return or throw promptly. */
  readonly signal: AbortSignal;
}

export interface ObjectiveResult {
  /** Every metric of the final evaluation; the study's objectives are read from it. */
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * An objective as the runners see it: `run` trains and scores one configuration (TrialRunner); `refit`, when
 * the objective has one, retrains a study's champion on training + validation and scores it once on test
 * (RefitRunner). Made from an objective module (pluginObjective), the one way objectives are written.
 */
export interface Objective {
  run(ctx: ObjectiveContext): Promise<ObjectiveResult>;
  refit?(ctx: RefitContext): Promise<RefitResult>;
}

/** Picks the objective for a study's target. */
export type ObjectiveResolver = (target: Target) => Objective;

export interface RefitContext {
  /** The champion's configuration. */
  readonly params: Params;
  readonly spec: StudySpec;
  /** The champion trial's number. */
  readonly trialNumber: number;
  /** The step the champion scored best at: the refit trains that long (null: the objective's own count). */
  readonly bestStep: number | null;
  readonly signal: AbortSignal;
}
