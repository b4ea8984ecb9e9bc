import { announcesRefit, liveSchemas } from "@rectune/objective-sdk";
import type { StudySpec } from "@rectune/spec";
import type { StudyReads } from "@rectune/store";

/**
 * Whether a finished study's champion is refitted before the study completes: its objective's `refit`
 * retrains it on training + validation and scores it once on test. The built-in `recommender` has one; an
 * operator's module has one when a live worker (seen within `staleAfterMs`) announced it so in the
 * `workers` table; the synthetic functions and ask/tell studies have none.
 */
export async function refitsChampion(
  workers: Pick<StudyReads, "workers">,
  spec: StudySpec,
  staleAfterMs: number,
): Promise<boolean> {
  const { target } = spec;
  if (target.kind === "recommender") return true;
  if (target.kind !== "module") return false;
  return liveSchemas(await workers.workers(), target.name, staleAfterMs).some(announcesRefit);
}
