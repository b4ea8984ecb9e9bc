import type { Store } from "../contract/store.js";
import type { MemoryData } from "./memory-data.js";

/**
 * The memory store with the PostgreSQL store's live notifications: every method that creates a trial,
 * changes its state or records a new step tells the study watchers which trial changed, and every one
 * that creates a study or changes its status tells them which study (after the change, as a trigger's
 * notification arrives after its commit). One wrapper here instead of a call in every part.
 */
export function announcingChanges(data: MemoryData, store: Omit<Store, "watchStudies">): Store {
  const trial = (id: number) => data.trialChanged(id);
  /** Runs a study's status change, then tells of it and of each of its trials whose state it changed. */
  const studyChange = async <T>(studyId: number, change: () => Promise<T>): Promise<T> => {
    const before = new Map(data.trialsOf(studyId).map((t) => [t.id, t.state]));
    const result = await change();
    data.studyChanged(studyId);
    for (const t of data.trialsOf(studyId)) if (before.get(t.id) !== t.state) data.trialChanged(t.id);
    return result;
  };
  return {
    ...store,
    async createStudy(spec, options) {
      const row = await store.createStudy(spec, options);
      data.studyChanged(row.id);
      return row;
    },
    stopStudy: (id) => studyChange(id, () => store.stopStudy(id)),
    resumeStudy: (id) => studyChange(id, () => store.resumeStudy(id)),
    async finishStudy(id, status, error) {
      const finished = await store.finishStudy(id, status, error);
      if (finished) data.studyChanged(id);
      return finished;
    },
    async createTrials(studyId, proposals, options) {
      const created = await store.createTrials(studyId, proposals, options);
      for (const t of created) trial(t.id);
      return created;
    },
    async createClaimedTrial(studyId, number, proposal, workerId) {
      const claimed = await store.createClaimedTrial(studyId, number, proposal, workerId);
      if (claimed) trial(claimed.id);
      return claimed;
    },
    async claim(trialId, workerId) {
      const claimed = await store.claim(trialId, workerId);
      if (claimed) trial(trialId);
      return claimed;
    },
    async report(trialId, attempt, step, value, metrics) {
      const before = data.trials.get(trialId)?.lastStep;
      const held = await store.report(trialId, attempt, step, value, metrics);
      if (held && data.trials.get(trialId)?.lastStep !== before) trial(trialId);
      return held;
    },
    async finish(trialId, attempt, outcome) {
      const finished = await store.finish(trialId, attempt, outcome);
      if (finished) trial(trialId);
      return finished;
    },
    async handBack(trialId, attempt) {
      const handed = await store.handBack(trialId, attempt);
      if (handed) trial(trialId);
      return handed;
    },
    async reapStaleTrials(staleAfterMs) {
      const reaped = await store.reapStaleTrials(staleAfterMs);
      for (const t of reaped) trial(t.id);
      return reaped;
    },
    watchStudies(watcher) {
      data.studyWatchers.add(watcher);
      // Every change is delivered right after the call that makes it: always listening.
      watcher.listening(true);
      return () => data.studyWatchers.delete(watcher);
    },
  };
}
