import type { Accelerator } from "@rectune/spec";
import { type Job, UnrecoverableError } from "bullmq";
import type { AnyWorker, QueueBackend } from "./queue-backend.js";
import { type TrialJob, trialJobSchema, trialQueueName } from "./jobs.js";

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
}

/**
 * The consumer side: a worker process takes trial jobs here, from each capability queue it serves (one
 * BullMQ worker per queue), at most `concurrency` at once over all of them. Payloads are validated again on
 * dequeue.
 */
export class TrialConsumer {
  private readonly workers: AnyWorker<unknown, void>[];
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
    this.workers = accelerators.map((accelerator) =>
      backend.createWorker<unknown, void>(
        trialQueueName(accelerator),
        async (job: Job<unknown>) => {
          const parsed = trialJobSchema.safeParse(job.data);
          // A malformed payload will never become valid: fail it without retries.
          if (!parsed.success) throw new UnrecoverableError(`invalid trial job ${job.id}: ${parsed.error.message}`);
          const run = handler(parsed.data);
          this.running.add(run);
          this.balance();
          try {
            await run;
          } finally {
            this.running.delete(run);
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

  /**
   * With several queues, each BullMQ worker may take `concurrency` jobs: while the process runs that many
   * trials in all, every queue's worker stops fetching (paused without waiting for its active jobs), and
   * fetches again when one ends. A fetch already under way when the pause comes may still bring one job
   * per queue: it runs (a trial more than `concurrency` for a while), it is not held back.
   */
  private balance(): void {
    if (this.workers.length < 2 || this.closing) return;
    const full = this.running.size >= this.options.concurrency;
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
