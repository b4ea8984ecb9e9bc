import type { JobPlacement, TrialJob } from "@rectune/queue";
import { slotsFor, type TrialNeeds, whyNotOn, type WorkerCapacity } from "@rectune/spec";
import type { StudyRow } from "@rectune/store";

/**
 * Where a job goes on this worker: the slots its study's `resources` take here, or why this worker can never
 * run it (the consumer then hands it back for a larger worker). A study's spec does not change, so each is
 * read once; one that cannot be read now (a store outage) takes one slot, as before `resources` existed, and
 * is read again next time.
 */
export function jobPlacement(
  studies: { study(id: number): Promise<Pick<StudyRow, "spec">> },
  capacity: WorkerCapacity,
  onReadError: (studyId: number, error: unknown) => void,
): (job: TrialJob) => Promise<JobPlacement> {
  const needs = new Map<number, TrialNeeds>();
  return async (job) => {
    let need = needs.get(job.studyId);
    if (!need) {
      try {
        need = (await studies.study(job.studyId)).spec.resources ?? {};
        needs.set(job.studyId, need);
      } catch (error) {
        onReadError(job.studyId, error);
        return { slots: 1 };
      }
    }
    const elsewhere = whyNotOn(need, capacity);
    return elsewhere === null ? { slots: slotsFor(need, capacity) } : { elsewhere };
  };
}
