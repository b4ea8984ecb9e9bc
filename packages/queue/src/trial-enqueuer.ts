import type { TrialJobInput } from "./jobs.js";

/** Where the scheduler puts trial attempts to run: BullMQ's queue in a cluster, or one in this process. */
export interface TrialEnqueuer {
  /** Adds jobs; a job whose id (trialJobId) is already queued or running is ignored. */
  enqueue(jobs: readonly TrialJobInput[]): Promise<void>;
}
