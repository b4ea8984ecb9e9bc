import type { TrialRecord } from "@rectune/search";
import type { StepValues } from "../contract/step-values.js";
import type { StudyReads } from "../contract/study-reads.js";
import type { TrialCounts } from "../contract/rows.js";
import { NotFoundError } from "../contract/errors.js";
import { bestFirst, copy, type MemoryData, studyRow, trialRecord, trialRow } from "./memory-data.js";

/** The API's reads, and the histories the scheduler and the pruners read. */
export function memoryStudyReads(data: MemoryData): Omit<StudyReads, "workers"> & StepValues {
  return {
    async study(id) {
      return studyRow(data.study(id));
    },

    async studies({ status, limit, before, name, projectId }) {
      const contains = name?.toLowerCase();
      return [...data.studies.values()]
        .filter(
          (s) =>
            (status === undefined || s.status === status) &&
            (before === undefined || s.id < before) &&
            (projectId === undefined || s.projectId === projectId) &&
            (contains === undefined || s.name.toLowerCase().includes(contains)),
        )
        .sort((a, b) => b.id - a.id)
        .slice(0, limit)
        .map(studyRow);
    },

    async studySummary(id) {
      const study = data.study(id);
      const trials = data.trialsOf(id);
      const counts: TrialCounts = { WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 };
      for (const t of trials) counts[t.state]++;
      const best = bestFirst(trials, study.directions[0] ?? "minimize")[0];
      return { study: studyRow(study), counts, bestTrial: best ? trialRow(best) : null };
    },

    async trialPage(studyId, { offset, limit, state }) {
      const matching = data.trialsOf(studyId).filter((t) => state === undefined || t.state === state);
      return { total: matching.length, trials: matching.slice(offset, offset + limit).map(trialRow) };
    },

    async trial(studyId, number) {
      const trial = data.trialsOf(studyId)[number];
      if (!trial) throw new NotFoundError("trial", number);
      return trialRow(trial);
    },

    async leaderboard(studyId, direction, limit) {
      return bestFirst(data.trialsOf(studyId), direction).slice(0, limit).map(trialRow);
    },

    async decisions(studyId) {
      return (data.decisions.get(studyId) ?? [])
        .map((d, i) => ({ d, i }))
        .sort((a, b) => a.d.trial - b.d.trial || a.i - b.i)
        .map(({ d }) => ({ ...d, shares: copy(d.shares) }));
    },

    async history(studyId) {
      return data.trialsOf(studyId).map((t) => trialRecord(t));
    },

    async stepValues(studyId, steps) {
      const wanted = new Set(steps);
      const records: TrialRecord[] = [];
      for (const trial of data.trialsOf(studyId)) {
        const reported = [...(data.reports.get(trial.id) ?? [])].filter(([step]) => wanted.has(step));
        if (reported.length === 0) continue;
        const intermediate = new Map(reported.sort(([a], [b]) => a - b).map(([step, r]) => [step, r.value]));
        records.push({ ...trialRecord(trial, false), intermediate });
      }
      return records;
    },

    watchLeaderboards(watcher) {
      data.watchers.add(watcher);
      // Every change is delivered in the same call that makes it: always listening.
      watcher.listening(true);
      return () => data.watchers.delete(watcher);
    },

    async ping() {},
  };
}
