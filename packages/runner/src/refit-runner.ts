import type { TrialJob } from "@rectune/queue";
import type { ClaimedRefit, RefitLease } from "@rectune/store";
import type { RefitResolver } from "./objective.js";
import type { RunnerLogger } from "./trial-runner.js";

export interface RefitRunnerOptions {
  readonly lease: RefitLease;
  readonly workerId: string;
  readonly resolveRefit: RefitResolver;
  readonly logger: RunnerLogger;
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

  constructor(private readonly options: RefitRunnerOptions) {}

  /** Studies whose refit runs here now (heartbeats). */
  activeStudyIds(): number[] {
    return [...this.active.keys()];
  }

  async run(job: TrialJob): Promise<void> {
    const { lease, workerId, logger } = this.options;
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
    const { lease, workerId, logger } = this.options;
    const refit = this.options.resolveRefit(claimed.spec.target);
    if (!refit) throw new Error(`target ${claimed.spec.target.kind} has no test split to refit on`);
    const result = await refit({ params: claimed.params, spec: claimed.spec, epochs: claimed.epochs, signal });
    const recorded = await lease.finishRefit(claimed.studyId, claimed.attempt, {
      state: "COMPLETE",
      testMetrics: { ...result.testMetrics },
      refit: {
        epochs: result.epochs,
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
