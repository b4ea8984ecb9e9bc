import type { Params, TrialState, TrialStrategy } from "@rectune/search";
import type { StudyWatcher } from "./study-watcher.js";
import type { TrialCounts, TrialRow, WorkerRow } from "./rows.js";

/** One trial of a whole-study table: what a leaderboard, a history chart and parallel coordinates need. */
export interface TrialTableRow {
  readonly number: number;
  readonly state: TrialState;
  readonly values: number[] | null;
  readonly params: Params;
  readonly metrics: Record<string, number> | null;
  readonly strategy: TrialStrategy | null;
  readonly durationMs: number | null;
  readonly lastStep: number | null;
}

/** One trial's intermediate values in step order (steps[i] reported values[i]). */
export interface TrialSteps {
  readonly number: number;
  readonly state: TrialState;
  /** The trial's final first-objective value (null until it completes). */
  readonly value: number | null;
  readonly steps: number[];
  readonly values: number[];
}

/** One reported step of a trial, with the attempt that reported it. */
export interface StepReport {
  readonly step: number;
  readonly value: number;
  readonly metrics: Record<string, number> | null;
  readonly attempt: number;
  readonly at: Date;
}

/** A registered worker with what it runs now. */
export interface WorkerLoad extends WorkerRow {
  /** Since it last heart-beat, by the store's clock (the one stale trials are judged by). */
  readonly silentForMs: number;
  readonly running: { readonly studyId: number; readonly number: number }[];
}

/** Trial counts and best values of one study, for a list of studies. */
export interface StudyProgress {
  readonly counts: TrialCounts;
  /** The lowest and highest first-objective value of its COMPLETE trials (the direction picks one). */
  readonly minValue: number | null;
  readonly maxValue: number | null;
}

/**
 * What browsing studies reads (the dashboard): whole-study tables and curves in one read each, one
 * trial's steps, trials by id and studies' progress for the live events, workers with their load, and
 * the changes themselves. Unknown studies give empty answers; the API checks the study first.
 */
export interface StudyBrowse {
  /** Every trial of a study, in number order. */
  studyTable(studyId: number): Promise<TrialTableRow[]>;
  /** Every trial's intermediate values (one entry per trial that reported any), in number order. */
  trialCurves(studyId: number): Promise<TrialSteps[]>;
  /** The steps one trial reported, in step order (the latest attempt's report of each). */
  trialSteps(studyId: number, number: number): Promise<StepReport[]>;
  /** Trials by id, any study, in no particular order; ids that do not exist are left out. */
  trialsById(ids: readonly number[]): Promise<TrialRow[]>;
  /** Each listed study's progress (an unknown id: all zero). */
  studyProgress(studyIds: readonly number[]): Promise<Map<number, StudyProgress>>;
  /** The COMPLETE trials' parameters and values, in number order (what importance is fitted on). */
  completedTrials(studyId: number): Promise<{ number: number; params: Params; values: number[] }[]>;
  /** Registered workers, most recently seen first, with the trials each runs. */
  workerLoads(): Promise<WorkerLoad[]>;
  /** Tells `watcher` of every trial and study change (and whether changes are being delivered). */
  watchStudies(watcher: StudyWatcher): () => void;
}
