import { z } from "zod";

/** The one queue of rectune: each job asks a worker to run one attempt of one trial. */
export const TRIAL_QUEUE = "trials";

/** Payload of a trial job. Validated when enqueued and again when a worker takes the job. */
export const trialJobSchema = z.strictObject({
  trialId: z.number().int().positive(),
  studyId: z.number().int().positive(),
  /** Claims of the trial (of the refit) before this job: the job runs attempt `attempt + 1`. */
  attempt: z.number().int().min(0),
  /**
   * A refit job: once the study's budget is spent, retrain its champion (trial `trialId`) on training +
   * validation and score it on test. It travels the same queue, so any worker that can train it takes it.
   */
  refit: z.literal(true).optional(),
});

export type TrialJob = z.infer<typeof trialJobSchema>;

/**
 * Derived from the trial and its attempt: enqueueing the same attempt twice (a scheduler restart, a
 * reconcile pass) adds nothing, while a retry after a lost worker gets a job of its own.
 */
export const trialJobId = (job: Pick<TrialJob, "trialId" | "studyId" | "attempt" | "refit">): string =>
  job.refit ? `refit-${job.studyId}-a${job.attempt}` : `trial-${job.trialId}-a${job.attempt}`;
