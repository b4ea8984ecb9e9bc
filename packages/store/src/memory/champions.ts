import type { ChampionReads, RefitLease, RefitLedger, ReapedRefit } from "../contract/champion-refit.js";
import { bestFirst, copy, type MemoryChampion, type MemoryData } from "./memory-data.js";

/** Champions and their refit jobs in memory, with the PostgreSQL store's fencing rules. */
export function memoryChampions(data: MemoryData): RefitLease & RefitLedger & ChampionReads {
  /** The champion while `attempt` holds its refit. */
  const held = (studyId: number, attempt: number): MemoryChampion | undefined => {
    const c = data.champions.get(studyId);
    return c?.state === "RUNNING" && c.attempt === attempt ? c : undefined;
  };
  const complete = (studyId: number): void => {
    const study = data.study(studyId);
    const now = data.now();
    Object.assign(study, { status: "COMPLETED", completedAt: now, updatedAt: now });
    data.studyChanged(studyId);
  };

  return {
    async beginRefit(studyId) {
      const study = data.studies.get(studyId);
      if (study?.status !== "RUNNING") return false;
      const best = bestFirst(data.trialsOf(studyId), study.directions[0] ?? "minimize")[0];
      if (!best) return false;
      const epochs = best.metrics?.bestEpoch;
      const now = data.now();
      data.champions.set(studyId, {
        studyId,
        trialId: best.id,
        trialNumber: best.number,
        params: copy(best.params),
        values: [...best.values],
        epochs: typeof epochs === "number" ? epochs : null,
        state: "WAITING",
        attempt: 0,
        testMetrics: null,
        refit: null,
        error: null,
        updatedAt: now,
        workerId: null,
        heartbeatAt: null,
        weights: null,
      });
      Object.assign(study, { status: "REFITTING", updatedAt: now });
      data.studyChanged(studyId);
      return true;
    },

    async waitingRefits() {
      return [...data.champions.values()]
        .filter((c) => c.state === "WAITING" && data.studies.get(c.studyId)?.status === "REFITTING")
        .map((c) => ({
          studyId: c.studyId,
          trialId: c.trialId,
          attempt: c.attempt,
          spec: copy(data.study(c.studyId).spec),
        }));
    },

    async reapStaleRefits(staleAfterMs) {
      const now = data.now();
      const reaped: ReapedRefit[] = [];
      for (const c of data.champions.values()) {
        if (c.state !== "RUNNING" || !c.heartbeatAt || c.heartbeatAt.getTime() >= now.getTime() - staleAfterMs)
          continue;
        const retry = c.attempt < data.study(c.studyId).spec.strategy.maxAttempts;
        Object.assign(c, {
          state: retry ? "WAITING" : "FAILED",
          error: retry ? c.error : `worker lost ${c.attempt} time(s); no attempts left`,
          workerId: null,
          heartbeatAt: null,
          updatedAt: now,
        });
        if (!retry) complete(c.studyId);
        reaped.push({ studyId: c.studyId, attempt: c.attempt, state: retry ? "WAITING" : "FAILED" });
      }
      return reaped;
    },

    async claimRefit(studyId, workerId) {
      const c = data.champions.get(studyId);
      const study = data.studies.get(studyId);
      if (c?.state !== "WAITING" || study?.status !== "REFITTING") return null;
      const now = data.now();
      Object.assign(c, { state: "RUNNING", attempt: c.attempt + 1, workerId, heartbeatAt: now, updatedAt: now });
      return {
        studyId,
        trialId: c.trialId,
        trialNumber: c.trialNumber,
        params: copy(c.params),
        epochs: c.epochs,
        attempt: c.attempt,
        spec: copy(study.spec),
      };
    },

    async heartbeatRefits(workerId, studyIds) {
      const now = data.now();
      for (const id of studyIds) {
        const c = data.champions.get(id);
        if (c?.state === "RUNNING" && c.workerId === workerId) c.heartbeatAt = now;
      }
    },

    async finishRefit(studyId, attempt, outcome) {
      const c = held(studyId, attempt);
      if (!c) return false;
      const now = data.now();
      if (outcome.state === "COMPLETE")
        Object.assign(c, {
          state: "COMPLETE",
          testMetrics: { ...outcome.testMetrics },
          refit: { ...outcome.refit },
          weights: outcome.weights && outcome.weights.slice(),
          error: null,
        });
      else Object.assign(c, { state: "FAILED", error: outcome.error });
      Object.assign(c, { heartbeatAt: null, updatedAt: now });
      complete(studyId);
      return true;
    },

    async handBackRefit(studyId, attempt) {
      const c = held(studyId, attempt);
      if (!c) return false;
      Object.assign(c, { state: "WAITING", attempt: c.attempt - 1, workerId: null, heartbeatAt: null });
      return true;
    },

    async champion(studyId) {
      data.study(studyId);
      const c = data.champions.get(studyId);
      if (!c) return null;
      const { workerId: _w, heartbeatAt: _h, weights, ...row } = c;
      return { ...copy(row), updatedAt: c.updatedAt, hasWeights: weights !== null };
    },

    async championsOn(dataset, projectId) {
      return [...data.champions.values()]
        .filter((c) => c.state === "COMPLETE" && c.refit?.dataset === dataset)
        .map((c) => ({ c, study: data.study(c.studyId) }))
        .filter(({ study }) => projectId === undefined || study.projectId === projectId)
        .sort((a, b) => a.c.studyId - b.c.studyId)
        .map(({ c, study }) => {
          const { workerId: _w, heartbeatAt: _h, weights, ...row } = c;
          return {
            ...copy(row),
            updatedAt: c.updatedAt,
            hasWeights: weights !== null,
            studyName: study.name,
            spec: copy(study.spec),
          };
        });
    },

    async championWeights(studyId) {
      const c = data.champions.get(studyId);
      return c?.weights ? { updatedAt: c.updatedAt, data: c.weights.slice() } : null;
    },
  };
}
