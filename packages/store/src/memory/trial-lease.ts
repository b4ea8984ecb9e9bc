import type { ClaimedTrial } from "../contract/rows.js";
import type { TrialLease } from "../contract/trial-lease.js";
import { copy, type MemoryData, type MemoryStudy, type MemoryTrial } from "./memory-data.js";

/** A trial as its holder sees it (what a claim returns). */
export const claimedOf = (trial: MemoryTrial, study: MemoryStudy): ClaimedTrial => ({
  id: trial.id,
  studyId: trial.studyId,
  number: trial.number,
  params: copy(trial.params),
  attempt: trial.attempt,
  spec: copy(study.spec),
  lastStep: trial.lastStep,
  strategy: trial.strategy && copy(trial.strategy),
});

/** A worker's fenced writes, as the PostgreSQL store's statements make them. */
export function memoryTrialLease(data: MemoryData): Omit<TrialLease, "stepValues"> {
  return {
    async claim(trialId, workerId) {
      const trial = data.trials.get(trialId);
      const study = trial && data.studies.get(trial.studyId);
      if (!trial || !study || trial.state !== "WAITING" || study.status !== "RUNNING") return null;
      const now = data.now();
      Object.assign(trial, {
        state: "RUNNING",
        attempt: trial.attempt + 1,
        workerId,
        startedAt: now,
        heartbeatAt: now,
      });
      return claimedOf(trial, study);
    },

    async held(trialId, holder) {
      const trial = data.trials.get(trialId);
      const study = trial && data.studies.get(trial.studyId);
      return trial && study && trial.state === "RUNNING" && (holder === undefined || trial.workerId === holder)
        ? claimedOf(trial, study)
        : null;
    },

    async report(trialId, attempt, step, value, metrics) {
      const trial = data.held(trialId, attempt);
      if (!trial) return false;
      trial.lastStep = Math.max(trial.lastStep ?? step, step);
      trial.heartbeatAt = data.now();
      const reports = data.reports.get(trialId) ?? new Map();
      data.reports.set(trialId, reports);
      if ((reports.get(step)?.attempt ?? attempt) <= attempt)
        reports.set(step, { value, metrics: copy(metrics), attempt, at: data.now() });
      return true;
    },

    async reports(trialId) {
      const reports = [...(data.reports.get(trialId) ?? new Map<number, { value: number }>())];
      return new Map(reports.sort(([a], [b]) => a - b).map(([step, r]) => [step, r.value]));
    },

    async setParams(trialId, attempt, params) {
      const trial = data.held(trialId, attempt);
      if (trial) trial.params = copy(params);
      return trial !== undefined;
    },

    async saveCheckpoint(trialId, attempt, step, bytes) {
      if (!data.held(trialId, attempt)) return false;
      const checkpoints = data.checkpoints.get(trialId) ?? new Map();
      data.checkpoints.set(trialId, checkpoints);
      if ((checkpoints.get(step)?.attempt ?? attempt) <= attempt)
        checkpoints.set(step, { attempt, data: Uint8Array.from(bytes) });
      return true;
    },

    async dropCheckpointsBefore(trialId, attempt, step) {
      const checkpoints = data.checkpoints.get(trialId);
      if (!checkpoints || !data.held(trialId, attempt)) return 0;
      const dropped = [...checkpoints.keys()].filter((s) => s < step);
      for (const s of dropped) checkpoints.delete(s);
      return dropped.length;
    },

    async resumableCheckpoint(trialId) {
      const reported = data.reports.get(trialId);
      const steps = [...(data.checkpoints.get(trialId)?.keys() ?? [])].filter((s) => reported?.has(s));
      if (steps.length === 0) return null;
      const step = Math.max(...steps);
      const checkpoint = data.checkpoints.get(trialId)?.get(step);
      return checkpoint ? { step, attempt: checkpoint.attempt, data: Uint8Array.from(checkpoint.data) } : null;
    },

    async loadCheckpoint(studyId, number, step, options = {}) {
      const trial = data.trialsOf(studyId)[number];
      const saved = trial ? data.checkpoints.get(trial.id) : undefined;
      // The exact step is a lookup; only a miss with `orEarlier` scans the trial's steps.
      const found =
        saved?.has(step) || options.orEarlier !== true
          ? step
          : Math.max(-Infinity, ...[...(saved?.keys() ?? [])].filter((s) => s < step));
      const checkpoint = saved?.get(found);
      return checkpoint ? { step: found, attempt: checkpoint.attempt, data: Uint8Array.from(checkpoint.data) } : null;
    },

    async finish(trialId, attempt, outcome) {
      const trial = data.held(trialId, attempt);
      if (!trial) return false;
      Object.assign(trial, {
        state: outcome.state,
        values: [...(outcome.values ?? [])],
        metrics: outcome.metrics ? copy(outcome.metrics) : null,
        error: outcome.error ?? null,
        finishedAt: data.now(),
        heartbeatAt: null,
      });
      if (outcome.state === "COMPLETE") data.announce(trial.studyId);
      // No reader is left for a finished trial's checkpoints, unless PBT may still copy them.
      if (data.study(trial.studyId).spec.strategy.pruner.name !== "pbt") data.checkpoints.delete(trialId);
      return true;
    },

    async retryLater(trialId, attempt, error) {
      const trial = data.held(trialId, attempt);
      const study = trial && data.studies.get(trial.studyId);
      if (!trial || !study) return null;
      const retry = study.status === "RUNNING" && attempt < study.spec.strategy.maxAttempts;
      Object.assign(trial, {
        state: retry ? "WAITING" : "FAILED",
        error,
        workerId: null,
        heartbeatAt: null,
        finishedAt: retry ? null : data.now(),
      });
      return retry ? "WAITING" : "FAILED";
    },

    async handBack(trialId, attempt) {
      const trial = data.held(trialId, attempt);
      if (trial)
        Object.assign(trial, {
          state: "WAITING",
          attempt: attempt - 1,
          workerId: null,
          heartbeatAt: null,
          startedAt: null,
        });
      return trial !== undefined;
    },

    async renewLease(trialId, attempt) {
      const trial = data.held(trialId, attempt);
      if (trial) trial.heartbeatAt = data.now();
      return trial !== undefined;
    },

    async heartbeat(workerId, trialIds) {
      const now = data.now();
      for (const id of trialIds) {
        const trial = data.trials.get(id);
        if (trial?.state === "RUNNING" && trial.workerId === workerId) trial.heartbeatAt = now;
      }
    },
  };
}
