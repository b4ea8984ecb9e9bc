import type { TrialJob } from "@rectune/queue";
import { retryTransient, type ClaimedRefit, type RefitLease } from "@rectune/store";
import { classifyFailure } from "./objective-errors.js";
import type { ObjectiveResolver } from "./objective.js";
import type { RunnerLogger } from "./trial-runner.js";

export interface RefitRunnerOptions {
  readonly lease: RefitLease;
  readonly workerId: string;
  /** The same objectives the trials ran: a study's refit is its objective's `refit`. */
  readonly resolveObjective: ObjectiveResolver;
  readonly logger: RunnerLogger;
  /** Aborted when store calls must stop retrying (the worker's shutdown grace is over): left to the reaper. */
  readonly stopRetries?: AbortSignal;
}

/** Why a refit was interrupted: the worker is shutting down (hand it back). */
const SHUTDOWN = Symbol("shutdown");

/**
 * Runs refit jobs: claims the study's refit (fenced by attempt like a trial), retrains the champion on
 * training + validation for its best epoch count, scores it once on test, and records the test metrics
 * and weights only under the attempt it claimed. A worker that dies mid-refit stops heartbeating and the
 * scheduler's reaper hands the refit to another; an error is the refit's, and the study completes anyway.
 */
export class RefitRunner {
  private readonly active = new Map<number, AbortController>();

  /**
   * The lease's writes retried through transient store errors, as the trial runner's are: every refit write
   * is fenced by its attempt, so a finished refit is written once its connection is back, never lost.
   */
  private readonly lease: Pick<RefitLease, "claimRefit" | "finishRefit" | "handBackRefit">;

  constructor(private readonly options: RefitRunnerOptions) {
    const { lease, logger } = options;
    const retried =
      <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> =>
        retryTransient(() => fn(...args), {
          maxDelayMs: 2_000,
          ...(options.stopRetries ? { signal: options.stopRetries } : {}),
          onRetry: (err) => logger.warn({ op: name, study: args[0], err: String(err) }, "store unreachable; retrying"),
        });
    this.lease = {
      claimRefit: retried("claimRefit", lease.claimRefit.bind(lease)),
      finishRefit: retried("finishRefit", lease.finishRefit.bind(lease)),
      handBackRefit: retried("handBackRefit", lease.handBackRefit.bind(lease)),
    };
  }

  /** Studies whose refit runs here now (heartbeats). */
  activeStudyIds(): number[] {
    return [...this.active.keys()];
  }

  async run(job: TrialJob): Promise<void> {
    const { workerId, logger } = this.options;
    const lease = this.lease;
    const claimed = await lease.claimRefit(job.studyId, workerId);
    if (!claimed) return;
    const abort = new AbortController();
    this.active.set(claimed.studyId, abort);
    const started = Date.now();
    try {
      await this.execute(claimed, abort.signal, started);
    } catch (error) {
      if (abort.signal.reason === SHUTDOWN) {
        const released = await lease.handBackRefit(claimed.studyId, claimed.attempt);
        logger.info({ study: claimed.studyId, released }, "refit handed back on shutdown");
      } else if (classifyFailure(error) === "infrastructure") {
        // A store outage is not the refit's failure: the heartbeat stops and the reaper retries the refit.
        logger.warn(
          { study: claimed.studyId, err: String(error) },
          "store failure during the refit; left to the reaper",
        );
      } else {
        const message = error instanceof Error ? error.message : String(error);
        const recorded = await lease.finishRefit(claimed.studyId, claimed.attempt, {
          state: "FAILED",
          error: message.slice(0, 2000),
        });
        logger.warn({ study: claimed.studyId, err: message, recorded }, "refit failed");
      }
    } finally {
      this.active.delete(claimed.studyId);
    }
  }

  private async execute(claimed: ClaimedRefit, signal: AbortSignal, started: number): Promise<void> {
    const { workerId, logger } = this.options;
    const lease = this.lease;
    const objective = this.options.resolveObjective(claimed.spec.target);
    // The scheduler refits only studies whose objective has a refit: reaching here without one is a bug.
    if (!objective.refit) throw new Error(`the objective of target ${claimed.spec.target.kind} has no refit`);
    const result = await objective.refit({
      params: claimed.params,
      spec: claimed.spec,
      trialNumber: claimed.trialNumber,
      bestStep: claimed.epochs,
      signal,
    });
    const recorded = await lease.finishRefit(claimed.studyId, claimed.attempt, {
      state: "COMPLETE",
      testMetrics: { ...result.testMetrics },
      refit: {
        epochs: result.steps,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        workerId,
        weightBytes: result.weights?.byteLength ?? 0,
        dataset: result.dataset,
      },
      weights: result.weights,
    });
    logger.info({ study: claimed.studyId, trial: claimed.trialNumber, recorded, ...result.testMetrics }, "refit done");
  }

  /** Interrupts every running refit; they are handed back for another worker. */
  abortAll(): void {
    for (const abort of this.active.values()) abort.abort(SHUTDOWN);
  }
}
