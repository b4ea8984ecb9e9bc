import type { TrialJob } from "@rectune/queue";
import { objectivesOf } from "@rectune/spec";
import type { ClaimedTrial, Store } from "@rectune/store";
import type { ObjectiveResolver, StepVerdict } from "./objective.js";

export interface RunnerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TrialRunnerOptions {
  readonly store: Store;
  readonly workerId: string;
  readonly resolveObjective: ObjectiveResolver;
  readonly logger: RunnerLogger;
}

interface ActiveTrial {
  readonly trial: ClaimedTrial;
  readonly abort: AbortController;
}

/** Why an objective was interrupted: the worker is shutting down (hand the trial back). */
const SHUTDOWN = Symbol("shutdown");

/**
 * Runs trial jobs: claims the trial (fenced by state), runs its objective, stores each step's report,
 * and records the result only under the attempt it claimed. A crash anywhere loses no stored result;
 * the scheduler's reaper retries a trial whose heartbeat stops.
 */
export class TrialRunner {
  private readonly active = new Map<number, ActiveTrial>();

  constructor(private readonly options: TrialRunnerOptions) {}

  /** Ids of the trials running now (heartbeats). */
  activeTrialIds(): number[] {
    return [...this.active.keys()];
  }

  async run(job: TrialJob): Promise<void> {
    const { store, workerId, logger } = this.options;
    const trial = await store.trials.claim(job.trialId, workerId);
    // Not WAITING any more (a duplicate job, another worker has it, the study stopped): nothing to do.
    if (!trial) return;
    const abort = new AbortController();
    this.active.set(trial.id, { trial, abort });
    try {
      await this.execute(trial, abort.signal);
    } catch (error) {
      if (abort.signal.reason === SHUTDOWN) {
        const released = await store.trials.release(trial.id, trial.attempt);
        logger.info({ trial: trial.id, released }, "trial handed back on shutdown");
      } else {
        const message = error instanceof Error ? error.message : String(error);
        const recorded = await store.trials.finish(trial.id, trial.attempt, { state: "FAILED", error: message.slice(0, 2000) });
        logger.warn({ trial: trial.id, study: trial.studyId, err: message, recorded }, "trial failed");
      }
    } finally {
      this.active.delete(trial.id);
    }
  }

  private async execute(trial: ClaimedTrial, signal: AbortSignal): Promise<void> {
    const { store, logger } = this.options;
    const objectives = objectivesOf(trial.spec);
    const primary = objectives[0]?.metric ?? "value";
    let stoppedAt: number | undefined;
    let lastValue: number | undefined;
    const objective = this.options.resolveObjective(trial.spec.target);

    const report = async (step: number, metrics: Readonly<Record<string, number>>): Promise<StepVerdict> => {
      const value = metrics[primary];
      if (value === undefined || !Number.isFinite(value)) throw new Error(`step ${step}: metric "${primary}" missing or not finite`);
      lastValue = value;
      const held = await store.trials.report(trial.id, trial.attempt, step, value, metrics);
      if (!held) {
        stoppedAt = step;
        return "stop";
      }
      return "continue";
    };

    const result = await objective({ params: trial.params, spec: trial.spec, trialNumber: trial.number, report, signal });
    if (stoppedAt !== undefined) {
      logger.info({ trial: trial.id, step: stoppedAt }, "attempt lost its trial; result discarded");
      return;
    }
    const values = objectives.map((o) => result.metrics[o.metric]);
    if (values.some((v) => v === undefined || !Number.isFinite(v))) {
      throw new Error(`objective returned no finite value for ${objectives.map((o) => o.metric).join(", ")}`);
    }
    const recorded = await store.trials.finish(trial.id, trial.attempt, {
      state: "COMPLETE",
      values: values as number[],
      metrics: result.metrics,
    });
    if (!recorded) logger.info({ trial: trial.id, lastValue }, "result not recorded: the attempt no longer held the trial");
  }

  /** Interrupts every running objective; their trials are handed back for another worker. */
  abortAll(): void {
    for (const { abort } of this.active.values()) abort.abort(SHUTDOWN);
  }
}
