import type { TrialJobInput } from "@rectune/queue";
import { objectivesOf } from "@rectune/spec";
import type { ClaimedTrial, TrialLease } from "@rectune/store";
import type { StepDecision } from "@rectune/search";
import type { Checkpoint, ObjectiveResolver, StepVerdict } from "./objective.js";
import { classifyFailure, ObjectiveContractError } from "./objective-errors.js";
import { retryingLease } from "./retrying-lease.js";
import type { RunnerLogger } from "./runner-logger.js";
import { type DecisionInput, StepDecider } from "./step-decider.js";

export type { RunnerLogger };

export interface TrialRunnerOptions {
  readonly lease: TrialLease;
  readonly workerId: string;
  readonly resolveObjective: ObjectiveResolver;
  readonly logger: RunnerLogger;
  /** Aborted when store calls must stop retrying (the worker's shutdown grace is over): see retryingLease. */
  readonly stopRetries?: AbortSignal;
}

interface ActiveTrial {
  readonly trial: ClaimedTrial;
  readonly abort: AbortController;
}

/** Why an objective was interrupted: the worker is shutting down (hand the trial back). */
const SHUTDOWN = Symbol("shutdown");
/** The study stopped while the trial ran: hand it back, a resume runs it again. */
const STUDY_STOPPED = Symbol("study stopped");
/** The study ended otherwise (FAILED fast) while the trial ran: the trial ends FAILED with it. */
class StudyEndedError extends Error {
  override readonly name = "StudyEndedError";
}
/** The trial ran past `strategy.trialTimeoutMs`. */
class TrialTimeoutError extends Error {
  override readonly name = "TrialTimeoutError";
}

/**
 * Runs trial jobs: claims the trial (fenced by state), runs its objective, stores each step's report,
 * and records the result only under the attempt it claimed. A crash anywhere loses no stored result;
 * the scheduler's reaper retries a trial whose heartbeat stops. Store calls are retried through
 * transient errors (retryingLease), and a failure is recorded as what it is (classifyFailure): the
 * infrastructure's never fails the trial, a deterministic one fails it at once, others get another attempt.
 */
export class TrialRunner {
  private readonly active = new Map<number, ActiveTrial>();
  /** Trials whose claim is in flight (see `run`). */
  private readonly claiming = new Set<number>();
  private readonly lease: TrialLease;

  constructor(private readonly options: TrialRunnerOptions) {
    this.lease = retryingLease(options.lease, options.logger, options.stopRetries);
  }

  /** Ids of the trials running now (heartbeats). */
  activeTrialIds(): number[] {
    return [...this.active.keys()];
  }

  /** Studies of the trials running now: the worker watches whether they still run. */
  activeStudyIds(): number[] {
    return [...new Set([...this.active.values()].map((a) => a.trial.studyId))];
  }

  async run(job: TrialJobInput): Promise<void> {
    const { workerId, logger } = this.options;
    const lease = this.lease;
    // A duplicate job of a trial this runner holds: the claim's retry would take the trial for its own.
    if (this.claiming.has(job.trialId) || this.active.has(job.trialId)) return;
    this.claiming.add(job.trialId);
    const trial = await lease.claim(job.trialId, workerId).catch((error: unknown) => {
      this.claiming.delete(job.trialId);
      throw error;
    });
    // Not WAITING any more (a duplicate job, another worker has it, the study stopped): nothing to do.
    if (!trial) {
      this.claiming.delete(job.trialId);
      return;
    }
    const abort = new AbortController();
    this.active.set(trial.id, { trial, abort });
    this.claiming.delete(trial.id);
    const timeoutMs = trial.spec.strategy.trialTimeoutMs;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => abort.abort(new TrialTimeoutError(`trial exceeded strategy.trialTimeoutMs (${timeoutMs} ms)`)),
            timeoutMs,
          );
    try {
      await this.execute(trial, abort.signal);
    } catch (thrown) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : undefined;
      const error = reason instanceof TrialTimeoutError || reason instanceof StudyEndedError ? reason : thrown;
      if (reason === SHUTDOWN || reason === STUDY_STOPPED) {
        const released = await lease.handBack(trial.id, trial.attempt);
        const why = reason === SHUTDOWN ? "shutdown" : "study stopped";
        logger.info({ trial: trial.id, released, why }, "trial interrupted and handed back");
      } else {
        await this.recordFailure(trial, error);
      }
    } finally {
      clearTimeout(timer);
      this.active.delete(trial.id);
    }
  }

  /** Records a failure as what it is (see classifyFailure). */
  private async recordFailure(trial: ClaimedTrial, error: unknown): Promise<void> {
    const { logger } = this.options;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const kind =
      error instanceof TrialTimeoutError
        ? "retryable"
        : error instanceof StudyEndedError
          ? "deterministic"
          : classifyFailure(error);
    const log = { trial: trial.id, study: trial.studyId, attempt: trial.attempt, kind, err: message };
    if (kind === "infrastructure") {
      // A transient store or network error thrown by the objective itself (the lease's own calls are
      // retried). The trial keeps its attempt's reports and checkpoints; the reaper hands it to another
      // attempt once the heartbeat stops.
      logger.warn(log, "store failure during the trial; left to the reaper");
      return;
    }
    if (kind === "deterministic") {
      const recorded = await this.lease.finish(trial.id, trial.attempt, { state: "FAILED", error: message });
      logger.warn({ ...log, recorded }, "trial failed");
      return;
    }
    const state = await this.lease.retryLater(trial.id, trial.attempt, message);
    logger.warn({ ...log, state }, state === "WAITING" ? "trial failed; another attempt follows" : "trial failed");
  }

  private async execute(trial: ClaimedTrial, signal: AbortSignal): Promise<void> {
    const { logger } = this.options;
    const lease = this.lease;
    const objectives = objectivesOf(trial.spec);
    const primary = objectives[0]?.metric ?? "value";
    const decider = new StepDecider(lease, trial);
    /**
     * This trial's reports, an earlier attempt's included: what the pruner judges it on. A trial no
     * attempt reported on yet (most claims) has none and no checkpoint to resume: two reads saved.
     */
    const fresh = trial.lastStep === null;
    const own = fresh ? new Map<number, number>() : await lease.reports(trial.id);
    let params = trial.params;
    let ended: { readonly why: "lost" | "pruned"; readonly step: number } | undefined;
    const objective = this.options.resolveObjective(trial.spec.target);

    /** Carries out a pruner decision and says what the objective does next. */
    const act = async (
      step: number,
      decision: StepDecision,
      metrics?: Readonly<Record<string, number>>,
    ): Promise<StepVerdict> => {
      if (decision.action === "continue") return "continue";
      if (decision.action === "prune") {
        // Pruned trials keep their last reported values, so samplers and leaderboards see how far they got.
        const reported = objectives.map((o) => metrics?.[o.metric]);
        const values = reported.every((v) => v !== undefined && Number.isFinite(v))
          ? (reported as number[])
          : [own.get(step) as number];
        const recorded = await lease.finish(trial.id, trial.attempt, {
          state: "PRUNED",
          values,
          ...(metrics ? { metrics } : {}),
        });
        ended = { why: recorded ? "pruned" : "lost", step };
        logger.info({ trial: trial.id, step, reason: decision.reason, recorded }, "trial pruned");
        return "stop";
      }
      const source = await lease.loadCheckpoint(trial.studyId, decision.source, decision.checkpointStep);
      if (!source) {
        logger.warn(
          { trial: trial.id, source: decision.source, step: decision.checkpointStep },
          "exploit source has no checkpoint; training on",
        );
        return "continue";
      }
      if (!(await lease.setParams(trial.id, trial.attempt, decision.params))) {
        ended = { why: "lost", step };
        return "stop";
      }
      params = decision.params;
      logger.info({ trial: trial.id, step, reason: decision.reason }, "trial exploits");
      return { action: "exploit", params, checkpoint: { step: source.step, data: source.data } };
    };

    const report = async (
      step: number,
      metrics: Readonly<Record<string, number>>,
      options: { readonly last?: boolean } = {},
    ): Promise<StepVerdict> => {
      const value = metrics[primary];
      if (value === undefined || !Number.isFinite(value))
        throw new ObjectiveContractError(`step ${step}: metric "${primary}" missing or not finite`);
      const held = await lease.report(trial.id, trial.attempt, step, value, metrics);
      if (!held) {
        ended = { why: "lost", step };
        return "stop";
      }
      own.set(step, value);
      if (options.last) return "continue";
      const audit = (input: DecisionInput): void =>
        logger.debug({ trial: trial.id, number: trial.number, ...input }, "step decision");
      return act(step, await decider.decide(step, own, params, audit), metrics);
    };

    // PBT copies other trials' checkpoints of any step a peer reported; otherwise only a resume reads them,
    // from the last step reported, so the one before the latest is enough (the worker may die between
    // saving a step and reporting it).
    const keepAll = trial.spec.strategy.pruner.name === "pbt";
    let previousSaved: number | undefined;
    const saveCheckpoint = async (step: number, data: Uint8Array): Promise<void> => {
      await lease.saveCheckpoint(trial.id, trial.attempt, step, data);
      if (!keepAll && previousSaved !== undefined)
        await lease.dropCheckpointsBefore(trial.id, trial.attempt, previousSaved);
      previousSaved = step;
    };

    // A retried attempt resumes from the last checkpoint whose step was reported. The attempt before may
    // have died between that report and acting on its decision, so the decision is taken again first.
    let start: Checkpoint | null = fresh ? null : await lease.resumableCheckpoint(trial.id);
    if (start) {
      const verdict = await act(start.step, await decider.decide(start.step, own, params));
      if (verdict === "stop") return;
      if (verdict !== "continue") start = verdict.checkpoint;
      logger.info({ trial: trial.id, step: start.step, attempt: trial.attempt }, "trial resumes from its checkpoint");
    }

    const result = await objective.run({
      params,
      spec: trial.spec,
      trialNumber: trial.number,
      report,
      saveCheckpoint,
      start,
      signal,
    });
    if (ended) {
      if (ended.why === "lost")
        logger.info({ trial: trial.id, step: ended.step }, "attempt lost its trial; result discarded");
      return;
    }
    const values = objectives.map((o) => result.metrics[o.metric]);
    if (values.some((v) => v === undefined || !Number.isFinite(v))) {
      throw new ObjectiveContractError(
        `objective returned no finite value for ${objectives.map((o) => o.metric).join(", ")}`,
      );
    }
    const recorded = await lease.finish(trial.id, trial.attempt, {
      state: "COMPLETE",
      values: values as number[],
      metrics: result.metrics,
    });
    if (!recorded) logger.info({ trial: trial.id }, "result not recorded: the attempt no longer held the trial");
  }

  /** Interrupts every running objective; their trials are handed back for another worker. */
  abortAll(): void {
    for (const { abort } of this.active.values()) abort.abort(SHUTDOWN);
  }

  /**
   * Interrupts the running trials of a study that no longer runs: a STOPPED study's are handed back (a
   * resume runs them), any other's end FAILED with the study. Returns how many.
   */
  interruptStudy(studyId: number, status: string): number {
    let interrupted = 0;
    for (const { trial, abort } of this.active.values())
      if (trial.studyId === studyId && !abort.signal.aborted) {
        abort.abort(status === "STOPPED" ? STUDY_STOPPED : new StudyEndedError(`study ${status} while the trial ran`));
        interrupted++;
      }
    return interrupted;
  }
}
