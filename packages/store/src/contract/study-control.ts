import type { StudySpec } from "@rectune/spec";
import type { StudyRow } from "./rows.js";

/** The error of the trials a stop kept from starting: the ones a resume starts again. */
export const STOPPED_BEFORE_START = "study stopped before the trial started";

/** What a user starts, stops and resumes through the API. */
export interface StudyControl {
  /** Stores a validated spec as a RUNNING study. */
  createStudy(spec: StudySpec): Promise<StudyRow>;
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
