import type { StudyEvent, TrialEvent } from "@rectune/api-contract";
import type { EventReader } from "@rectune/live";
import type { StudyBrowse, StudyReads } from "@rectune/store";
import { progressJson, trialJson } from "./serialize.js";

/** The live hub's reads: changed trials by id, changed studies' status and progress, one statement each. */
export function liveReader(
  store: Pick<StudyReads, "study"> & Pick<StudyBrowse, "trialsById" | "studyProgress">,
): EventReader {
  return {
    async trials(ids): Promise<TrialEvent[]> {
      const rows = await store.trialsById(ids);
      return rows
        .sort((a, b) => a.studyId - b.studyId || a.number - b.number)
        .map((t) => ({ type: "trial", studyId: t.studyId, trial: trialJson(t) }));
    },
    async studies(ids): Promise<StudyEvent[]> {
      const [studies, progress] = await Promise.all([
        Promise.all(ids.map((id) => store.study(id).catch(() => undefined))),
        store.studyProgress(ids),
      ]);
      return studies.flatMap((s) =>
        s
          ? [
              {
                type: "study" as const,
                studyId: s.id,
                projectId: s.projectId,
                status: s.status,
                progress: progressJson(s, progress.get(s.id)!),
              },
            ]
          : [],
      );
    },
  };
}
