import { type Job, UnrecoverableError } from "bullmq";
import type { AnyWorker, QueueBackend } from "./backend.js";
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

  constructor(backend: QueueBackend, handler: (job: TrialJob) => Promise<void>, options: TrialConsumerOptions) {
    this.worker = backend.createWorker<unknown, void>(
      TRIAL_QUEUE,
      async (job: Job<unknown>) => {
        const parsed = trialJobSchema.safeParse(job.data);
        // A malformed payload will never become valid: fail it without retries.
        if (!parsed.success) throw new UnrecoverableError(`invalid trial job ${job.id}: ${parsed.error.message}`);
        await handler(parsed.data);
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

  /** Stops taking jobs; with `force` false, waits for the jobs in progress to end. */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
  }
}
