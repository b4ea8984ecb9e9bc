import { ACCELERATORS, type Accelerator } from "@rectune/spec";
import type { AnyQueue, QueueBackend } from "./queue-backend.js";
import { type TrialJob, type TrialJobInput, trialJobId, trialJobSchema, trialQueueName } from "./jobs.js";
import type { TrialEnqueuer } from "./trial-enqueuer.js";

/** Jobs of one capability queue not yet taken by a worker: what autoscaling scales on. */
const BACKLOG_STATES = ["waiting", "delayed", "prioritized"] as const;

/**
 * The producer side of the BullMQ queues: the cluster's scheduler enqueues trial attempts here, each on its
 * capability's queue (trialQueueName).
 */
export class TrialQueue implements TrialEnqueuer {
  private readonly queues = new Map<Accelerator, AnyQueue<TrialJob>>();

  constructor(private readonly backend: QueueBackend) {}

  private queueOf(accelerator: Accelerator): AnyQueue<TrialJob> {
    let queue = this.queues.get(accelerator);
    if (!queue) {
      queue = this.backend.createQueue<TrialJob>(trialQueueName(accelerator), {
        // Finished jobs are dropped at once: PostgreSQL keeps the results, and a dropped id can be reused
        // if a trial is handed back and must be enqueued again under the same attempt.
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
      });
      this.queues.set(accelerator, queue);
    }
    return queue;
  }

  /** Adds jobs in one round trip per capability queue; a job whose id is already queued is ignored. */
  async enqueue(jobs: readonly TrialJobInput[]): Promise<void> {
    const byQueue = new Map<Accelerator, TrialJob[]>();
    for (const job of jobs) {
      const data = trialJobSchema.parse(job);
      byQueue.set(data.accelerator, [...(byQueue.get(data.accelerator) ?? []), data]);
    }
    await Promise.all(
      [...byQueue].map(([accelerator, data]) =>
        this.queueOf(accelerator).addBulk(
          data.map((d) => ({ name: "trial", data: d, opts: { jobId: trialJobId(d) } })),
        ),
      ),
    );
  }

  /** Job counts of the any queue (the one every worker consumes). */
  async counts(): Promise<Record<string, number>> {
    return this.queueOf("any").getJobCounts("waiting", "active", "delayed", "failed", "completed");
  }

  /** Per capability queue, the jobs no worker has taken yet (waiting + delayed + prioritized). */
  async backlog(): Promise<Record<Accelerator, number>> {
    const entries = await Promise.all(
      ACCELERATORS.map(async (a) => {
        const counts = await this.queueOf(a).getJobCounts(...BACKLOG_STATES);
        return [a, BACKLOG_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0)] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<Accelerator, number>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
