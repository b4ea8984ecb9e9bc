import { type TrialJob, type TrialJobInput, trialJobId, trialJobSchema } from "./jobs.js";
import type { TrialEnqueuer } from "./trial-enqueuer.js";

/**
 * The trial queue inside one process: what the scheduler enqueues, `handler` runs, at most
 * `concurrency` jobs at once, in the order they came. The same job-id rule as the BullMQ queue: a job
 * whose id is queued or running is ignored, and a finished job's id may come again (a handed-back trial).
 * A handler's error is the handler's to report; it never stops the queue.
 */
export class InProcessTrialQueue implements TrialEnqueuer {
  private readonly waiting: TrialJob[] = [];
  private readonly known = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly handler: (job: TrialJob) => Promise<void>,
    private readonly concurrency = 1,
  ) {}

  async enqueue(jobs: readonly TrialJobInput[]): Promise<void> {
    for (const job of jobs) {
      const data = trialJobSchema.parse(job);
      const id = trialJobId(data);
      if (this.known.has(id)) continue;
      this.known.add(id);
      this.waiting.push(data);
    }
    this.pump();
  }

  /** Jobs queued or running now. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Resolves once no job is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift() as TrialJob;
      this.running++;
      void this.handler(job)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.known.delete(trialJobId(job));
          this.pump();
          if (this.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        });
    }
  }
}
