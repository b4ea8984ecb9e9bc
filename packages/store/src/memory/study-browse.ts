import type { StudyBrowse, StudyProgress } from "../contract/study-browse.js";
import { NotFoundError } from "../contract/errors.js";
import { copy, type MemoryData, trialRow } from "./memory-data.js";

/** The dashboard's reads over the memory store's maps. */
export function memoryStudyBrowse(data: MemoryData): Omit<StudyBrowse, "watchStudies"> {
  return {
    async studyTable(studyId) {
      return data.trialsOf(studyId).map((t) => ({
        number: t.number,
        state: t.state,
        values: t.values.length > 0 ? [...t.values] : null,
        params: copy(t.params),
        metrics: t.metrics && copy(t.metrics),
        strategy: t.strategy && copy(t.strategy),
        durationMs: t.startedAt && t.finishedAt ? t.finishedAt.getTime() - t.startedAt.getTime() : null,
        lastStep: t.lastStep,
      }));
    },

    async trialCurves(studyId) {
      return data.trialsOf(studyId).flatMap((t) => {
        const reports = [...(data.reports.get(t.id) ?? [])].sort(([a], [b]) => a - b);
        if (reports.length === 0) return [];
        return [
          {
            number: t.number,
            state: t.state,
            value: t.values[0] ?? null,
            steps: reports.map(([step]) => step),
            values: reports.map(([, r]) => r.value),
          },
        ];
      });
    },

    async trialSteps(studyId, number) {
      const trial = data.trialsOf(studyId)[number];
      if (!trial) throw new NotFoundError("trial", number);
      return [...(data.reports.get(trial.id) ?? [])]
        .sort(([a], [b]) => a - b)
        .map(([step, r]) => ({ step, value: r.value, metrics: copy({ ...r.metrics }), attempt: r.attempt, at: r.at }));
    },

    async trialsById(ids) {
      return ids.flatMap((id) => {
        const trial = data.trials.get(id);
        return trial ? [trialRow(trial)] : [];
      });
    },

    async studyProgress(studyIds) {
      const out = new Map<number, StudyProgress>();
      for (const id of studyIds) {
        const counts = { WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 };
        let minValue: number | null = null;
        let maxValue: number | null = null;
        for (const t of data.trialsOf(id)) {
          counts[t.state]++;
          const v = t.values[0];
          if (t.state !== "COMPLETE" || v === undefined) continue;
          minValue = minValue === null ? v : Math.min(minValue, v);
          maxValue = maxValue === null ? v : Math.max(maxValue, v);
        }
        out.set(id, { counts, minValue, maxValue });
      }
      return out;
    },

    async completedTrials(studyId) {
      return data
        .trialsOf(studyId)
        .filter((t) => t.state === "COMPLETE")
        .map((t) => ({ number: t.number, params: copy(t.params), values: [...t.values] }));
    },

    async workerLoads() {
      const now = data.now().getTime();
      return [...data.workers.values()]
        .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
        .map((w) => ({
          ...w,
          silentForMs: now - w.lastSeenAt.getTime(),
          running: [...data.trials.values()]
            .filter((t) => t.state === "RUNNING" && t.workerId === w.id)
            .sort((a, b) => a.studyId - b.studyId || a.number - b.number)
            .map((t) => ({ studyId: t.studyId, number: t.number })),
        }));
    },
  };
}
