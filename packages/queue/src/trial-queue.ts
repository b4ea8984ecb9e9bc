import type { AnyQueue, QueueBackend } from "./queue-backend.js";
import { TRIAL_QUEUE, type TrialJob, trialJobId, trialJobSchema } from "./jobs.js";
import type { TrialEnqueuer } from "./trial-enqueuer.js";

/** The producer side of the BullMQ queue: the cluster's scheduler enqueues trial attempts here. */
export class TrialQueue implements TrialEnqueuer {
  private readonly queue: AnyQueue<TrialJob>;

  constructor(backend: QueueBackend) {
    this.queue = backend.createQueue<TrialJob>(TRIAL_QUEUE, {
      // Finished jobs are dropped at once: PostgreSQL keeps the results, and a dropped id can be reused
      // if a trial is handed back and must be enqueued again under the same attempt.
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
  }

  /** Adds jobs in one round trip; a job whose id is already queued is ignored. */
  async enqueue(jobs: readonly TrialJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((job) => {
        const data = trialJobSchema.parse(job);
        return { name: "trial", data, opts: { jobId: trialJobId(data) } };
      }),
    );
  }

  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts("waiting", "active", "delayed", "failed", "completed");
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
