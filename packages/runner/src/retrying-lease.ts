import { retryTransient, type TrialLease } from "@rectune/store";
import type { RunnerLogger } from "./runner-logger.js";

/**
 * The lease with every call retried through transient store errors (a dropped connection, a restarting
 * server) with backoff and jitter. Every lease write is fenced by the attempt or idempotent, so a write that
 * committed before its connection broke is harmless to repeat: the repeat returns false only when the
 * attempt no longer holds the trial, which is exactly when the worker must let go of it. A worker holding
 * a finished result therefore keeps trying until the write lands or its lease is provably gone. A claim
 * that committed but whose answer was lost reads as taken on the retry: then, and only after a failed
 * try, the trial found RUNNING under this worker is its own claim (the caller must not run a trial twice:
 * TrialRunner refuses a trial it is already claiming or running).
 * Once `stop` is aborted (a stopping worker's grace period is over) a failing call is tried once more and
 * then throws: the trial is left to the reaper, as if the worker had died.
 */
export function retryingLease(lease: TrialLease, logger: RunnerLogger, stop?: AbortSignal): TrialLease {
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      retryTransient(() => fn(...args), {
        maxDelayMs: 2_000,
        ...(stop ? { signal: stop } : {}),
        onRetry: (err, attempt, delayMs) =>
          logger.warn(
            { op: name, trial: args[0], attempt, delayMs, err: err instanceof Error ? err.message : String(err) },
            "store unreachable; retrying",
          ),
      });
  const held = wrap("held", lease.held.bind(lease));
  return {
    async claim(trialId, workerId) {
      let failed = false;
      const claim = wrap("claim", async (id: number, worker: string) => {
        try {
          return await lease.claim(id, worker);
        } catch (error) {
          failed = true;
          throw error;
        }
      });
      const claimed = await claim(trialId, workerId);
      return claimed ?? (failed ? held(trialId, workerId) : null);
    },
    held,
    renewLease: wrap("renewLease", lease.renewLease.bind(lease)),
    report: wrap("report", lease.report.bind(lease)),
    reports: wrap("reports", lease.reports.bind(lease)),
    setParams: wrap("setParams", lease.setParams.bind(lease)),
    saveCheckpoint: wrap("saveCheckpoint", lease.saveCheckpoint.bind(lease)),
    dropCheckpointsBefore: wrap("dropCheckpointsBefore", lease.dropCheckpointsBefore.bind(lease)),
    resumableCheckpoint: wrap("resumableCheckpoint", lease.resumableCheckpoint.bind(lease)),
    loadCheckpoint: wrap("loadCheckpoint", lease.loadCheckpoint.bind(lease)),
    finish: wrap("finish", lease.finish.bind(lease)),
    retryLater: wrap("retryLater", lease.retryLater.bind(lease)),
    handBack: wrap("handBack", lease.handBack.bind(lease)),
    heartbeat: wrap("heartbeat", lease.heartbeat.bind(lease)),
    stepValues: wrap("stepValues", lease.stepValues.bind(lease)),
  };
}
