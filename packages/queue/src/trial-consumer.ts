import type { Accelerator } from "@rectune/spec";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import type { AnyWorker, QueueBackend } from "./queue-backend.js";
import { type TrialJob, trialJobSchema, trialQueueName } from "./jobs.js";
import { SlotGate } from "./slot-gate.js";

/** A job's place on this worker: the slots it takes, or why this worker can never run it. */
export type JobPlacement = { readonly slots: number } | { readonly elsewhere: string };

export interface TrialConsumerOptions {
  /** Trials run at once, over all the queues consumed. */
  readonly concurrency: number;
  /** The capability queues this worker takes trials from (default: the any queue only). */
  readonly accelerators?: readonly Accelerator[];
  /**
   * How long a job stays locked without renewal before the queue hands it to another worker. The
   * store's heartbeat, not this lock, decides whether a trial is lost; the lock only bounds redelivery.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock lapsed (BullMQ's default, 30 s, when omitted). */
  readonly stalledIntervalMs?: number;
  /**
   * The slots of `concurrency` a job takes here (a `cpus: k` trial on a CPU worker: k), or why it cannot run
   * here at all (more slots or GPU memory than this worker has). Every job takes one slot when omitted.
   */
  readonly placement?: (job: TrialJob) => Promise<JobPlacement>;
  /** How long a job this worker cannot run waits before a worker takes it again (default 5 s). */
  readonly handBackDelayMs?: number;
  /** Told of each job handed back, with why. */
  readonly onHandBack?: (job: TrialJob, reason: string) => void;
}

/**
 * The consumer side: a worker process takes trial jobs here, from each capability queue it serves (one
 * BullMQ worker per queue), holding at most `concurrency` slots at once over all of them (a job takes
 * `placement`'s slots, one by default). Payloads are validated again on dequeue. A job this worker can never
 * run goes back to its queue, delayed, for a larger worker; the trial is untouched (still WAITING).
 */
export class TrialConsumer {
  private readonly workers: AnyWorker<unknown, void>[];
  private readonly slots: SlotGate;
  /** The handlers running now: what a graceful close must wait for. */
  private readonly running = new Set<Promise<void>>();
  private closing: Promise<boolean> | undefined;
  private paused = false;

  constructor(
    backend: QueueBackend,
    handler: (job: TrialJob) => Promise<void>,
    private readonly options: TrialConsumerOptions,
  ) {
    const accelerators = options.accelerators ?? ["any"];
    this.slots = new SlotGate(options.concurrency);
    this.workers = accelerators.map((accelerator) =>
      backend.createWorker<unknown, void>(
        trialQueueName(accelerator),
        async (job: Job<unknown>, token?: string) => {
          const parsed = trialJobSchema.safeParse(job.data);
          // A malformed payload will never become valid: fail it without retries.
          if (!parsed.success) throw new UnrecoverableError(`invalid trial job ${job.id}: ${parsed.error.message}`);
          const placement = options.placement ? await options.placement(parsed.data) : { slots: 1 };
          if ("elsewhere" in placement)
            return this.handBack(job, token, parsed.data, placement.elsewhere, options.handBackDelayMs ?? 5_000);
          let release = this.slots.tryAcquire(placement.slots);
          if (!release) {
            const held = this.slots.acquire(placement.slots);
            this.balance();
            release = await held;
          }
          // A job placed after the worker began stopping (its slots granted late, or free at once while its
          // study was read) is not started: the stop waits only for trials already running. It goes back.
          if (this.closing) {
            release();
            return this.handBack(job, token, parsed.data, "the worker is stopping", 0);
          }
          const run = handler(parsed.data);
          this.running.add(run);
          this.balance();
          try {
            await run;
          } finally {
            this.running.delete(run);
            release();
            this.balance();
          }
        },
        {
          concurrency: options.concurrency,
          lockDuration: options.lockDurationMs ?? 30_000,
          ...(options.stalledIntervalMs === undefined ? {} : { stalledInterval: options.stalledIntervalMs }),
          // A job whose lock lapsed is simply dropped; the store's reaper requeues the trial itself.
          maxStalledCount: 0,
          autorun: true,
        },
      ),
    );
  }

  /** Moves a job back to its queue, delayed, so that another worker (or this one, later) takes it. */
  private async handBack(
    job: Job<unknown>,
    token: string | undefined,
    data: TrialJob,
    reason: string,
    delayMs: number,
  ): Promise<never> {
    await job.moveToDelayed(Date.now() + delayMs, token);
    this.options.onHandBack?.(data, reason);
    // Tells BullMQ the job was moved, not finished.
    throw new DelayedError();
  }

  /**
   * Each queue's BullMQ worker may take `concurrency` jobs, each of one slot or more: while the slots held
   * and asked for reach `concurrency`, every queue's worker stops fetching (paused without waiting for its
   * active jobs), and fetches again when a trial ends. A fetch already under way when the pause comes may
   * still bring one job per queue: it waits for its slots (SlotGate), so the trials running never hold more
   * than `concurrency`. With one queue of one-slot jobs BullMQ's own concurrency suffices.
   */
  private balance(): void {
    if ((this.workers.length < 2 && !this.options.placement) || this.closing) return;
    const full = this.slots.demand >= this.options.concurrency;
    if (full === this.paused) return;
    this.paused = full;
    for (const worker of this.workers) {
      if (full) void worker.pause(true).catch(() => undefined);
      else void worker.resume();
    }
  }

  on(event: "failed", listener: (jobId: string | undefined, error: Error) => void): void {
    for (const worker of this.workers) worker.on("failed", (job, error) => listener(job?.id, error));
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  /**
   * Stops taking jobs; with `force` false, waits for the jobs in progress to end. Returns false when the
   * queue library's own close had not finished `settleMs` after them: BullMQ's close can wait forever for
   * its blocking connection's `end` event (taskforcesh/bullmq#4065, #4656), and once the handlers have
   * ended, their results are in the store, so a stopping worker need not wait for that.
   */
  close(force = false, settleMs = 5_000): Promise<boolean> {
    // The first call decides: a consumer force-closed (a simulated crash) is not waited for later.
    this.closing ??= this.closeOnce(force, settleMs);
    return this.closing;
  }

  private async closeOnce(force: boolean, settleMs: number): Promise<boolean> {
    const closing = Promise.all(this.workers.map((w) => w.close(force)));
    if (!force) await Promise.allSettled([...this.running]);
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      closing.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), settleMs);
      }),
    ]);
    clearTimeout(timer);
    return settled;
  }
}
