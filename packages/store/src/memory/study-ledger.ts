import { FAILED_BEFORE_START } from "../contract/study-control.js";
import type { Direction, PastTrial } from "@rectune/search";
import { ConflictError } from "../contract/errors.js";
import type { ReapedTrial, TrialProposal, UnfinishedTrial } from "../contract/rows.js";
import type { SchedulerLock } from "../contract/scheduler-lock.js";
import type { StudyLedger } from "../contract/study-ledger.js";
import { warmStartKey } from "../contract/warm-start-key.js";
import { bestFirst, copy, type MemoryData, type MemoryTrial, studyRow } from "./memory-data.js";
import { claimedOf } from "./trial-lease.js";

/** The scheduler's side, with the PostgreSQL store's rules (numbering, reaping, the one scheduler). */
export function memoryStudyLedger(data: MemoryData): Omit<StudyLedger, "history" | "stepValues"> {
  /** Whether a scheduler holds the lock; the standbys wait to be woken by its release and try again. */
  let lockHeld = false;
  const lockWaiters: (() => void)[] = [];

  /** New WAITING trials numbered on from the study's counter (createTrials' rule). */
  const create = (studyId: number, proposals: readonly TrialProposal[]): MemoryTrial[] => {
    if (proposals.length === 0) return [];
    const study = data.study(studyId);
    if (study.status !== "RUNNING")
      throw new ConflictError(`study ${studyId} is ${study.status}: it takes no new trials`);
    const now = data.now();
    const trials = data.trialsByStudy.get(studyId) ?? [];
    data.trialsByStudy.set(studyId, trials);
    const created = proposals.map((p): MemoryTrial => {
      const trial: MemoryTrial = {
        id: data.nextId("trial"),
        studyId,
        number: study.nextTrialNumber++,
        params: copy(p.params),
        state: "WAITING",
        values: [],
        metrics: null,
        attempt: 0,
        workerId: null,
        heartbeatAt: null,
        strategy: p.strategy ? copy(p.strategy) : null,
        lastStep: null,
        error: null,
        createdAt: now,
        startedAt: null,
        finishedAt: null,
      };
      data.trials.set(trial.id, trial);
      trials[trial.number] = trial;
      return trial;
    });
    study.updatedAt = now;
    return created;
  };

  return {
    async runningStudies() {
      return [...data.studies.values()].filter((s) => s.status === "RUNNING").map(studyRow);
    },

    async failedTrialErrors(studyId, numbers) {
      const wanted = new Set(numbers);
      return new Map(
        data
          .trialsOf(studyId)
          .filter((t) => wanted.has(t.number) && t.state === "FAILED")
          .map((t) => [t.number, t.error]),
      );
    },

    async unfinishedTrials(studyId) {
      return data
        .trialsOf(studyId)
        .filter(
          (t): t is MemoryTrial & { state: UnfinishedTrial["state"] } => t.state === "WAITING" || t.state === "RUNNING",
        )
        .map((t) => ({ id: t.id, number: t.number, state: t.state, attempt: t.attempt }));
    },

    async changedTrials(known) {
      const changed = [
        ...known.waiting.map((id) => data.trials.get(id)).filter((t) => t !== undefined && t.state !== "WAITING"),
        ...known.running.map((id) => data.trials.get(id)).filter((t) => t !== undefined && t.state !== "RUNNING"),
      ] as MemoryTrial[];
      return changed.map((t) => ({ id: t.id, state: t.state, values: t.values.length > 0 ? [...t.values] : null }));
    },

    async createTrials(studyId, proposals, { withinBudget = false } = {}) {
      const study = data.study(studyId);
      if (
        withinBudget &&
        study.status === "RUNNING" &&
        study.nextTrialNumber + proposals.length > study.spec.strategy.maxTrials
      )
        return [];
      return create(studyId, proposals).map((t) => ({
        id: t.id,
        number: t.number,
        params: copy(t.params),
        attempt: t.attempt,
      }));
    },

    async createClaimedTrial(studyId, number, proposal, workerId) {
      const study = data.study(studyId);
      const { nextTrialNumber } = study;
      if (
        study.status === "RUNNING" &&
        (nextTrialNumber !== number || nextTrialNumber >= study.spec.strategy.maxTrials)
      )
        return null;
      const [trial] = create(studyId, [proposal]);
      if (!trial) throw new Error(`study ${studyId}: the trial was not created`);
      const now = data.now();
      Object.assign(trial, { state: "RUNNING", attempt: 1, workerId, startedAt: now, heartbeatAt: now });
      return claimedOf(trial, study);
    },

    async recordDecisions(studyId, decisions) {
      const log = data.decisions.get(studyId) ?? [];
      data.decisions.set(studyId, log);
      const now = data.now();
      for (const d of decisions) {
        if (log.some((e) => e.trial === d.trial && e.kind === d.kind)) continue;
        log.push({
          trial: d.trial,
          kind: d.kind,
          from: d.from ?? null,
          to: d.to,
          reason: d.reason,
          shares: copy(d.shares),
          createdAt: now,
        });
      }
    },

    async warmStartTrials(studyId, spec, from, perStudy) {
      const key = JSON.stringify(warmStartKey(spec));
      // Only the study's own project: another team's results are not this one's to learn from.
      const projectId = data.studies.get(studyId)?.projectId;
      const sources = [...data.studies.values()]
        .filter(
          (s) =>
            s.projectId === projectId &&
            (from === "auto"
              ? s.status === "COMPLETED" && s.id !== studyId && JSON.stringify(warmStartKey(s.spec)) === key
              : from.includes(s.id)),
        )
        .sort((a, b) => a.id - b.id);
      return sources.flatMap((s) => {
        const direction: Direction = s.directions[0] ?? "minimize";
        return bestFirst(data.trialsOf(s.id), direction)
          .slice(0, perStudy)
          .map((t): PastTrial => ({
            studyId: s.id,
            number: t.number,
            params: copy(t.params),
            value: t.values[0] as number,
            direction,
          }));
      });
    },

    async finishStudy(studyId, status, error) {
      const study = data.studies.get(studyId);
      if (study?.status !== "RUNNING") return false;
      const now = data.now();
      Object.assign(study, { status, completedAt: now, updatedAt: now, ...(error ? { error } : {}) });
      if (status === "FAILED")
        for (const trial of data.trialsOf(studyId))
          if (trial.state === "WAITING")
            Object.assign(trial, { state: "FAILED", error: FAILED_BEFORE_START, finishedAt: now });
      return true;
    },

    async reapStaleTrials(staleAfterMs) {
      const now = data.now();
      const reaped: ReapedTrial[] = [];
      for (const trial of data.trials.values()) {
        if (trial.state !== "RUNNING" || trial.heartbeatAt === null) continue;
        if (trial.heartbeatAt.getTime() >= now.getTime() - staleAfterMs) continue;
        const study = data.study(trial.studyId);
        const retry = study.status === "RUNNING" && trial.attempt < study.spec.strategy.maxAttempts;
        Object.assign(trial, {
          state: retry ? "WAITING" : "FAILED",
          error: retry ? trial.error : `worker lost ${trial.attempt} time(s); no attempts left`,
          finishedAt: retry ? null : now,
          workerId: null,
          heartbeatAt: null,
        });
        reaped.push({
          id: trial.id,
          studyId: trial.studyId,
          number: trial.number,
          state: trial.state as ReapedTrial["state"],
          attempt: trial.attempt,
        });
      }
      return reaped;
    },

    async acquireSchedulerLock(options = {}) {
      while (lockHeld) {
        options.signal?.throwIfAborted();
        await new Promise<void>((resolve) => {
          lockWaiters.push(resolve);
          options.signal?.addEventListener("abort", () => resolve(), { once: true });
        });
      }
      options.signal?.throwIfAborted();
      lockHeld = true;
      let released = false;
      const lock: SchedulerLock = {
        // Nothing breaks between this process and its own memory: the lock is lost only by releasing it.
        lost: new Promise<Error>(() => {}),
        held: () => !released,
        async release() {
          if (released) return;
          released = true;
          lockHeld = false;
          for (const wake of lockWaiters.splice(0)) wake();
        },
      };
      return lock;
    },
  };
}
