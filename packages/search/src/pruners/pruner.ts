import type { StudyHistory, TrialRecord } from "../history.js";
import type { Params, SearchSpace } from "../space/types.js";

/** What the worker does after a trial reported its value for one step. */
export type StepDecision =
  | { readonly action: "continue" }
  | { readonly action: "prune"; readonly reason: string }
  | {
      /**
       * Population-based training: load trial `source`'s checkpoint of step `checkpointStep` (weights),
       * switch to `params` (the source's hyperparameters, explored) and keep training.
       */
      readonly action: "exploit";
      readonly source: number;
      readonly checkpointStep: number;
      readonly params: Params;
      readonly reason: string;
    };

export interface DecideContext {
  /**
   * The study's trials as the store holds them now. Only the steps `stepsNeeded` named must be present
   * in other trials' `intermediate`; a pruner never reads more. The deciding trial may be in it or not.
   */
  readonly history: StudyHistory;
  /** The deciding trial, its report for `step` included. */
  readonly trial: TrialRecord;
  /** The step (epoch, 1-based resource count) the trial has just reported. */
  readonly step: number;
  /** The study's search space: population-based training explores within it. */
  readonly space: SearchSpace;
}

/**
 * A pruner: early stopping (or population-based training). Pure: every decision is a function of the
 * context and the pruner's seed, so any worker on any machine decides the same from the same store
 * rows; nothing depends on one worker's memory. Intermediate values are those of the study's first
 * objective, compared in its direction.
 */
export interface Pruner {
  readonly name: string;
  /**
   * The steps of OTHER trials that `decide(trial, step)` reads, so that the worker loads only those
   * rows from the store. Empty: the decision reads no other trial (it can still prune a trial whose own
   * value is not finite).
   */
  stepsNeeded(trialNumber: number, step: number): readonly number[];
  decide(ctx: DecideContext): StepDecision;
}

export const CONTINUE: StepDecision = { action: "continue" };
