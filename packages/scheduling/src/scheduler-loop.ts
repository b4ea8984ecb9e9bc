import { acceleratorOf } from "@rectune/spec";
import type { TrialEnqueuer } from "@rectune/queue";
import { ConflictError, type RefitLedger, type StudyLedger, type StudyReads, type StudyRow } from "@rectune/store";
import { refitsChampion } from "./champion-refits.js";
import { completeWhenDone, isExternal } from "./external-studies.js";
import { FailFast, noSuccessReason } from "./fail-fast.js";
import { StudyScheduler } from "./study-scheduler.js";

export interface SchedulerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the scheduler reads and writes: the studies, their refits, and the workers (which modules have a refit). */
export type SchedulerLedger = StudyLedger & RefitLedger & Pick<StudyReads, "workers">;

export interface SchedulerLoopOptions {
  readonly ledger: SchedulerLedger;
  readonly queue: TrialEnqueuer;
  readonly logger: SchedulerLogger;
  /** Pause between passes when no trial is in flight (and the longest pause while trials run). */
  readonly tickMs: number;
  /**
   * While trials are in flight the scheduler polls for state changes: first `minPollMs` after a pass,
   * doubling on each quiet pass up to `maxPollMs`, back to `minPollMs` after any change. A finished trial
   * is replaced within milliseconds, and long trials cost at most one small query per `maxPollMs`.
   * Defaults 1 ms and 20 ms (never above `tickMs`).
   */
  readonly minPollMs?: number;
  readonly maxPollMs?: number;
  /** How often a busy scheduler looks for new or stopped studies (an idle one looks every pass). Default 1 s. */
  readonly studyListEveryMs?: number;
  /** A running trial whose heartbeat is older than this is retried (or FAILED when out of attempts). */
  readonly staleAfterMs: number;
  /** How often to look for lost trials and re-enqueue waiting ones whose job may have been dropped. */
  readonly reconcileEveryMs?: number;
  /**
   * Whether this process still holds the scheduler lock (checked before every pass and every study's
   * writes): a scheduler that lost it schedules nothing more, so two never schedule at once.
   */
  readonly isLeader?: () => boolean;
  /** Told each pass's duration in seconds (the scheduler's metrics). */
  readonly onPass?: (seconds: number) => void;
}

/**
 * The scheduler: every pass it picks up new studies, refreshes each study's trials in flight, tops them
 * up to the study's parallelism, and completes studies whose budget is spent. Its only state is a cache
 * of the store: a restarted scheduler reloads it and continues without losing or duplicating trials.
 */
export class SchedulerLoop {
  private readonly studies = new Map<number, StudyScheduler>();
  private readonly failFast = new Map<number, FailFast>();
  private running = false;
  private stopped: Promise<void> | undefined;
  private lastReconcile = 0;
  /**
   * No trial is reaped before this time: after the scheduler (re)starts or the store was unreachable, the
   * workers' heartbeats may be old only because they could not be written; they get one stale window to
   * write again before their trials count as lost.
   */
  private reapNotBefore = 0;
  private wake: (() => void) | undefined;
  /** The running studies as last listed; refreshed every `studyListEveryMs`, or at once when stale. */
  private runningStudies: StudyRow[] = [];
  private listedAt = Number.NEGATIVE_INFINITY;
  /** Trials in flight and state changes seen by the last pass: they set the pause before the next one. */
  private lastInflight = 0;
  private lastChanges = 0;
  private lastCreated = 0;
  private pollMs = 0;

  constructor(private readonly options: SchedulerLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.reapNotBefore = Date.now() + this.options.staleAfterMs;
    this.stopped = this.loop();
  }

  /** Ends the loop after its current pass; a later start() reloads every study from the store. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.stopped;
    this.studies.clear();
    this.failFast.clear();
    this.listedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * One full pass; returns how many trials it created (tests drive the loop with this). A pass that fails
   * (the store unreachable) holds off reaping for one stale window (see reapNotBefore).
   */
  async pass(): Promise<number> {
    try {
      return await this.passOnce();
    } catch (error) {
      this.reapNotBefore = Date.now() + this.options.staleAfterMs;
      throw error;
    }
  }

  private async passOnce(): Promise<number> {
    const { ledger, queue, logger } = this.options;
    const leader = this.options.isLeader ?? (() => true);
    if (!leader()) return 0;
    const now = Date.now();
    if (now - this.lastReconcile >= (this.options.reconcileEveryMs ?? 2_000)) {
      this.lastReconcile = now;
      await this.reconcile();
    }
    // While trials are in flight the list of running studies is not needed every pass: a new study may
    // wait a moment, and a study stopped in between makes `create` fail, which marks the list stale.
    if (this.lastInflight === 0 || now - this.listedAt >= (this.options.studyListEveryMs ?? 1_000)) {
      this.runningStudies = await ledger.runningStudies();
      this.listedAt = now;
    }
    const running = this.runningStudies;
    const live = new Set(running.map((s) => s.id));
    for (const id of this.studies.keys()) if (!live.has(id)) this.studies.delete(id);
    for (const id of this.failFast.keys()) if (!live.has(id)) this.failFast.delete(id);
    let created = 0;
    let changes = 0;
    let inflight = 0;
    for (const study of running) {
      if (!leader()) break;
      // Ask/tell clients create and run these; the reconcile round completes them.
      if (isExternal(study)) continue;
      try {
        let scheduler = this.studies.get(study.id);
        // The budget was changed (PATCH maxTrials), or a user enqueued a trial (POST /v1/studies/:id/trials):
        // reload the study, which enqueues its waiting trials.
        if (
          scheduler &&
          (scheduler.study.spec.strategy.maxTrials !== study.spec.strategy.maxTrials ||
            study.trialCount > scheduler.history.created)
        ) {
          this.studies.delete(study.id);
          scheduler = undefined;
        }
        if (!scheduler) {
          const loaded = await StudyScheduler.load(ledger, study);
          scheduler = loaded.scheduler;
          this.studies.set(study.id, scheduler);
          // Jobs of waiting trials may be gone (Redis flushed, scheduler crashed before enqueueing).
          const waiting = loaded.unfinished.filter((u) => u.state === "WAITING");
          const accelerator = acceleratorOf(study.spec);
          await queue.enqueue(
            waiting.map((u) => ({ trialId: u.id, studyId: study.id, attempt: u.attempt, accelerator })),
          );
          logger.info({ study: study.id, trials: scheduler.history.created, requeued: waiting.length }, "study loaded");
          changes++;
        }
        changes += await scheduler.refresh();
        let failFast = this.failFast.get(study.id);
        if (!failFast) this.failFast.set(study.id, (failFast = new FailFast(ledger, study)));
        const failure = await failFast.check(scheduler.history);
        if (failure) {
          if (await ledger.finishStudy(study.id, "FAILED", failure))
            logger.warn({ study: study.id, reason: failure }, "study failed fast");
          this.studies.delete(study.id);
          this.listedAt = Number.NEGATIVE_INFINITY;
          continue;
        }
        if (scheduler.isDone()) {
          // A study none of whose trials succeeded did not complete: it ends FAILED with the reason.
          const unsuccessful = await noSuccessReason(ledger, study.id, scheduler.history);
          if (unsuccessful) {
            if (await ledger.finishStudy(study.id, "FAILED", unsuccessful))
              logger.warn({ study: study.id, reason: unsuccessful }, "study failed");
            // A study whose objective has a refit (a recommender's, a module's) refits its best configuration
            // on train + validation and scores it on test (a worker's refit job) before it completes; a study
            // with nothing to refit completes now.
          } else if (
            (await refitsChampion(ledger, study.spec, this.options.staleAfterMs)) &&
            (await ledger.beginRefit(study.id))
          ) {
            logger.info({ study: study.id }, "budget spent: refitting the champion");
            await this.enqueueRefits();
          } else if (await ledger.finishStudy(study.id, "COMPLETED"))
            logger.info({ study: study.id }, "study completed");
          this.studies.delete(study.id);
          this.listedAt = Number.NEGATIVE_INFINITY;
          continue;
        }
        created += await scheduler.fill(queue);
        inflight += scheduler.history.inflightCount;
      } catch (error) {
        // A study stopped since the last listing refuses new trials: expected, not a failure.
        if (error instanceof ConflictError)
          logger.info({ study: study.id, reason: error.message }, "study no longer takes trials");
        else
          logger.error(
            { study: study.id, err: error instanceof Error ? error.message : String(error) },
            "scheduling pass failed",
          );
        // Drop the cached view: the next pass reloads it from the store.
        this.studies.delete(study.id);
        this.listedAt = Number.NEGATIVE_INFINITY;
      }
    }
    this.lastInflight = inflight;
    this.lastChanges = changes;
    this.lastCreated = created;
    return created;
  }

  /** Retries trials of lost workers and re-enqueues waiting trials (enqueueing is idempotent per attempt). */
  private async reconcile(): Promise<void> {
    const { ledger, queue, logger, staleAfterMs } = this.options;
    const reaped = Date.now() >= this.reapNotBefore ? await ledger.reapStaleTrials(staleAfterMs) : [];
    for (const r of reaped)
      logger.warn({ trial: r.id, study: r.studyId, attempt: r.attempt, state: r.state }, "worker lost a trial");
    // A retry goes to its study's capability queue; one of a study not loaded here is enqueued when it loads.
    const retry = reaped.flatMap((r) => {
      const study = this.studies.get(r.studyId)?.study;
      if (r.state !== "WAITING" || !study) return [];
      return [{ trialId: r.id, studyId: r.studyId, attempt: r.attempt, accelerator: acceleratorOf(study.spec) }];
    });
    await queue.enqueue(retry);
    for (const r of await ledger.reapStaleRefits(staleAfterMs))
      logger.warn({ study: r.studyId, attempt: r.attempt, state: r.state }, "worker lost a refit");
    await this.enqueueRefits();
    for (const study of this.runningStudies.filter(isExternal))
      if (await completeWhenDone(ledger, study)) logger.info({ study: study.id }, "study completed");
    for (const scheduler of this.studies.values()) {
      const waiting = (await ledger.unfinishedTrials(scheduler.id)).filter((u) => u.state === "WAITING");
      const accelerator = acceleratorOf(scheduler.study.spec);
      await queue.enqueue(
        waiting.map((u) => ({ trialId: u.id, studyId: scheduler.id, attempt: u.attempt, accelerator })),
      );
    }
  }

  /** Enqueues every waiting refit (a job per study and attempt: enqueueing again adds nothing). */
  private async enqueueRefits(): Promise<void> {
    const waiting = await this.options.ledger.waitingRefits();
    await this.options.queue.enqueue(
      waiting.map((r) => ({
        trialId: r.trialId,
        studyId: r.studyId,
        attempt: r.attempt,
        refit: true as const,
        // The refit trains like its trials: on their capability queue.
        accelerator: acceleratorOf(r.spec),
      })),
    );
  }

  /**
   * No pause after a pass that created trials. While trials are in flight, a pass that only saw state
   * changes polls again after `minPollMs`, and a quiet one backs off, doubling up to `maxPollMs`; with
   * nothing in flight the scheduler waits `tickMs`.
   */
  private pauseAfterPass(): number {
    const { tickMs, minPollMs = 1 } = this.options;
    const maxPollMs = Math.min(tickMs, this.options.maxPollMs ?? 20);
    if (this.lastCreated > 0) {
      this.pollMs = 0;
      return 0;
    }
    if (this.lastInflight === 0) return tickMs;
    this.pollMs = this.lastChanges > 0 || this.pollMs === 0 ? minPollMs : Math.min(maxPollMs, this.pollMs * 2);
    return this.pollMs;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      try {
        await this.pass();
        this.options.onPass?.((performance.now() - started) / 1000);
      } catch (error) {
        this.options.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          "scheduler pass failed",
        );
      }
      if (this.running) {
        const pause = this.pauseAfterPass();
        if (pause > 0) await this.sleep(pause);
      }
    }
  }
}
