import { type Job, UnrecoverableError } from "bullmq";
import type { AnyWorker, QueueBackend } from "./queue-backend.js";
import { TRIAL_QUEUE, type TrialJob, trialJobSchema } from "./jobs.js";

export interface TrialConsumerOptions {
  readonly concurrency: number;
  /**
   * How long a job stays locked without renewal before the queue hands it to another worker. The
   * store's heartbeat, not this lock, decides whether a trial is lost; the lock only bounds redelivery.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock lapsed (BullMQ's default, 30 s, when omitted). */
  readonly stalledIntervalMs?: number;
}

/** The consumer side: a worker process takes trial jobs here. Payloads are validated again on dequeue. */
export class TrialConsumer {
  private readonly worker: AnyWorker<unknown, void>;
  /** The handlers running now: what a graceful close must wait for. */
  private readonly running = new Set<Promise<void>>();
  private closing: Promise<boolean> | undefined;

  constructor(backend: QueueBackend, handler: (job: TrialJob) => Promise<void>, options: TrialConsumerOptions) {
    this.worker = backend.createWorker<unknown, void>(
      TRIAL_QUEUE,
      async (job: Job<unknown>) => {
        const parsed = trialJobSchema.safeParse(job.data);
        // A malformed payload will never become valid: fail it without retries.
        if (!parsed.success) throw new UnrecoverableError(`invalid trial job ${job.id}: ${parsed.error.message}`);
        const run = handler(parsed.data);
        this.running.add(run);
        try {
          await run;
        } finally {
          this.running.delete(run);
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
    );
  }

  on(event: "failed", listener: (jobId: string | undefined, error: Error) => void): void {
    this.worker.on("failed", (job, error) => listener(job?.id, error));
  }

  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
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
    const closing = this.worker.close(force);
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
