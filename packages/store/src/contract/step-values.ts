import type { TrialRecord } from "@rectune/search";

/** The read a pruner's decision needs, shared by the worker's lease and the scheduler's ledger. */
export interface StepValues {
  /**
   * Every trial of the study that reported one of `steps`, in number order, with only those steps'
   * values in `intermediate`: what a pruner decision reads (`Pruner.stepsNeeded`) and what pruner
   * "auto" correlates. Its cost does not grow with the study's history beyond those rows.
   */
  stepValues(studyId: number, steps: readonly number[]): Promise<TrialRecord[]>;
}
