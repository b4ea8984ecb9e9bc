import { ACCELERATORS, type Accelerator } from "@rectune/spec";
import { z } from "zod";

/** The queue of trials any worker may run: each job asks a worker to run one attempt of one trial. */
export const TRIAL_QUEUE = "trials";

/**
 * One queue per capability (the study spec's `resources.accelerator`): trials that need a GPU, trials that
 * want a CPU, and trials any worker may take, on the queue that was rectune's only one.
 */
export const trialQueueName = (accelerator: Accelerator): string =>
  accelerator === "any" ? TRIAL_QUEUE : `${TRIAL_QUEUE}-${accelerator}`;

/** Payload of a trial job. Validated when enqueued and again when a worker takes the job. */
export const trialJobSchema = z.strictObject({
  trialId: z.number().int().positive(),
  studyId: z.number().int().positive(),
  /** Claims of the trial (of the refit) before this job: the job runs attempt `attempt + 1`. */
  attempt: z.number().int().min(0),
  /**
   * A refit job: once the study's budget is spent, retrain its champion (trial `trialId`) on training +
   * validation and score it on test. It travels its study's queue, so any worker that can train it takes it.
   */
  refit: z.literal(true).optional(),
  /** The queue it goes to; its study's `resources.accelerator`. */
  accelerator: z.enum(ACCELERATORS).default("any"),
});

export type TrialJob = z.infer<typeof trialJobSchema>;
/** A job as the scheduler hands it over (no accelerator: the any queue). */
export type TrialJobInput = z.input<typeof trialJobSchema>;

/**
 * Derived from the trial and its attempt: enqueueing the same attempt twice (a scheduler restart, a
 * reconcile pass) adds nothing, while a retry after a lost worker gets a job of its own.
 */
export const trialJobId = (job: Pick<TrialJob, "trialId" | "studyId" | "attempt" | "refit">): string =>
  job.refit ? `refit-${job.studyId}-a${job.attempt}` : `trial-${job.trialId}-a${job.attempt}`;
