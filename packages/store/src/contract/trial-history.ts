import type { TrialRecord } from "@rectune/search";

/** The whole history of a study as samplers see it, shared by the scheduler's ledger and the API's reads. */
export interface TrialHistory {
  /** Every trial in number order, without intermediate values (one read; the scheduler's first load). */
  history(studyId: number): Promise<TrialRecord[]>;
}
