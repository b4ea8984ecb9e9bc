import type { Params } from "./space/types.js";

export type Direction = "minimize" | "maximize";
export type TrialState = "WAITING" | "RUNNING" | "COMPLETE" | "PRUNED" | "FAILED";

/** Which strategy produced a trial; stored with the trial and shown on the leaderboard. */
export interface TrialStrategy {
  readonly sampler?: string;
  readonly pruner?: string;
  /** Under pruner "auto": the configuration chosen for this trial, which every worker applies. */
  readonly prunerConfig?: unknown;
  /** ... and what that choice rested on (PrunerSelection's basis). */
  readonly prunerBasis?: string;
  readonly [key: string]: unknown;
}

/** What samplers and pruners may know of a trial. Built from the store or from the in-process study. */
export interface TrialRecord {
  readonly number: number;
  readonly state: TrialState;
  readonly params: Params;
  /**
   * COMPLETE: the final objective values (one per direction). PRUNED: the last reported value.
   * Otherwise null.
   */
  readonly values: readonly number[] | null;
  /** step -> objective value reported at that step. */
  readonly intermediate: ReadonlyMap<number, number>;
  readonly strategy?: TrialStrategy;
}

/** A trial record its owner updates in place (the in-process study, the scheduler's study view). */
export type MutableTrialRecord = { -readonly [K in keyof TrialRecord]: TrialRecord[K] };

/** A read-only view of one study's trials, in trial-number order. */
export interface StudyHistory {
  readonly directions: readonly Direction[];
  readonly trials: readonly TrialRecord[];
}

export const isFinished = (t: TrialRecord): boolean =>
  t.state === "COMPLETE" || t.state === "PRUNED" || t.state === "FAILED";

export const isPending = (t: TrialRecord): boolean => t.state === "WAITING" || t.state === "RUNNING";
