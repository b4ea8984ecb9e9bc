import type { StudySpec } from "@rectune/spec";
import type { StudyRow } from "./rows.js";

/** What a user starts and stops through the API. */
export interface StudyControl {
  /** Stores a validated spec as a RUNNING study. */
  createStudy(spec: StudySpec): Promise<StudyRow>;
  /**
   * RUNNING -> STOPPED: the study gets no new trials, and its trials not yet started are FAILED so no
   * worker picks them up; running trials finish and keep their results. NotFoundError, or ConflictError
   * for a study that is not running.
   */
  stopStudy(id: number): Promise<StudyRow>;
}
