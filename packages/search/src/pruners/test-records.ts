import type { TrialRecord, TrialState } from "../history.js";
import type { Params } from "../space/types.js";

/** A trial record for pruner tests: `reports` maps step -> value. */
export const trialRecord = (
  number: number,
  reports: Record<number, number>,
  state: TrialState = "RUNNING",
  params: Params = {},
): TrialRecord => ({
  number,
  state,
  params,
  values: null,
  intermediate: new Map(Object.entries(reports).map(([s, v]) => [Number(s), v])),
});
