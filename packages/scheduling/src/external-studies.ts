import type { StudyLedger, StudyRow } from "@rectune/store";

/** Whether a study's trials are run by ask/tell clients over HTTP: the scheduler neither creates nor enqueues them. */
export const isExternal = (study: Pick<StudyRow, "spec">): boolean => study.spec.target.kind === "external";

/**
 * Completes an ask/tell study once its budget is created and none of its trials is unfinished (the
 * scheduler's view of such a study is never loaded: clients create its trials). True when it completed.
 */
export async function completeWhenDone(
  ledger: Pick<StudyLedger, "unfinishedTrials" | "finishStudy">,
  study: Pick<StudyRow, "id" | "spec" | "trialCount">,
): Promise<boolean> {
  if (study.trialCount < study.spec.strategy.maxTrials) return false;
  if ((await ledger.unfinishedTrials(study.id)).length > 0) return false;
  return ledger.finishStudy(study.id, "COMPLETED");
}
