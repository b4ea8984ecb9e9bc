import type { StudySpec } from "@rectune/spec";
import type { StudyRow } from "./rows.js";

/** The error of the trials a stop kept from starting: the ones a resume starts again. */
export const STOPPED_BEFORE_START = "study stopped before the trial started";
/** The error of the WAITING trials of a study that ended FAILED (fail fast): they never run. */
export const FAILED_BEFORE_START = "study failed before the trial started";

/** The `default` project: where studies go that name none (and where the studies from before projects went). */
export const DEFAULT_PROJECT_ID = 1;

export interface CreateStudyOptions {
  readonly projectId?: number;
  /**
   * A client's Idempotency-Key with a hash of what it sent: the first creation under the key (per
   * project) is the answer to every repeat with the same hash, and IdempotencyConflictError to one
   * with another. Without it, every call creates a study.
   */
  readonly idempotency?: { readonly key: string; readonly bodyHash: string };
}

/** What a user starts, stops and resumes through the API. */
export interface StudyControl {
  /** Stores a validated spec as a RUNNING study of the project (default: the `default` project). */
  createStudy(spec: StudySpec, options?: CreateStudyOptions): Promise<StudyRow>;
  /**
   * RUNNING -> STOPPED: the study gets no new trials, and its trials not yet started are FAILED so no
   * worker picks them up; running trials finish and keep their results. NotFoundError, or ConflictError
   * for a study that is not running.
   */
  stopStudy(id: number): Promise<StudyRow>;
  /**
   * STOPPED -> RUNNING: the trials its stop kept from starting wait again (numbers and configurations
   * unchanged), so the scheduler goes on to the budget. NotFoundError, or ConflictError for a study that
   * is not stopped.
   */
  resumeStudy(id: number): Promise<StudyRow>;
  /**
   * Sets the study's budget (`strategy.maxTrials`). A COMPLETED study given more trials than it has runs
   * again. NotFoundError, or ConflictError for a FAILED study or a budget below the trials created.
   */
  setMaxTrials(id: number, maxTrials: number): Promise<StudyRow>;
}
