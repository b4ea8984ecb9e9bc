import type { Params } from "@rectune/search";
import type { StudySpec, Target } from "@rectune/spec";

export type StepVerdict = "continue" | "stop";

export interface ObjectiveContext {
  readonly params: Params;
  readonly spec: StudySpec;
  readonly trialNumber: number;
  /**
   * Reports every metric after a step (an epoch). "stop" means the trial must end now: it was pruned,
   * or this attempt no longer holds the trial.
   */
  report(step: number, metrics: Readonly<Record<string, number>>): Promise<StepVerdict>;
  /** Aborted when the worker shuts down: the objective should return or throw promptly. */
  readonly signal: AbortSignal;
}

export interface ObjectiveResult {
  /** Every metric of the final evaluation; the study's objectives are read from it. */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Trains and scores one configuration. */
export type Objective = (ctx: ObjectiveContext) => Promise<ObjectiveResult>;

/** Picks the objective for a study's target. */
export type ObjectiveResolver = (target: Target) => Objective;
