import { parseSearchSpace, warmStartConfigs, type WarmStartConfig } from "@rectune/search";
import type { StudyLedger, StudyRow } from "@rectune/store";

/**
 * The configurations an opted-in study starts with: the topK best of its source studies, clipped into
 * its space. Recomputed identically on every load (the sources are finished), so a restarted scheduler
 * continues the same warm start.
 */
export async function loadWarmStart(ledger: StudyLedger, study: StudyRow): Promise<WarmStartConfig[]> {
  const opts = study.spec.strategy.warmStart;
  if (!opts) return [];
  const past = await ledger.warmStartTrials(study.id, study.spec, opts.from, opts.topK);
  return warmStartConfigs(parseSearchSpace(study.spec.space), past, opts.topK);
}
