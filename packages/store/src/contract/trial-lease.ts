import type { Params } from "@rectune/search";
import type { ClaimedTrial, StoredCheckpoint, TrialOutcome } from "./rows.js";
import type { StepValues } from "./step-values.js";

/**
 * What a worker does with the store: take a trial for one attempt and work under it. Every write is
 * fenced by the attempt: it takes effect only while that attempt holds the trial (RUNNING under it), so
 * a worker presumed lost, whose trial was handed to another, can no longer change anything. Methods
 * that write return false when the attempt no longer holds the trial: the caller must stop.
 */
export interface TrialLease extends StepValues {
  /**
   * WAITING -> RUNNING for this worker, attempt + 1: at most one claim per attempt succeeds, however
   * many race. Null when the trial is not WAITING (another worker holds it, it ended) or its study does
   * not run.
   */
  claim(trialId: number, workerId: string): Promise<ClaimedTrial | null>;
  /**
   * Stores `step`'s value and metrics (and refreshes the heartbeat). Reporting a step again replaces it
   * (idempotent per trial and step); a later attempt's report of a step replaces an earlier attempt's.
   */
  report(
    trialId: number,
    attempt: number,
    step: number,
    value: number,
    metrics: Readonly<Record<string, number>>,
  ): Promise<boolean>;
  /** step -> value this trial reported, earlier attempts' reports included. */
  reports(trialId: number): Promise<Map<number, number>>;
  /** Replaces the held trial's hyperparameters (population-based training's explore). */
  setParams(trialId: number, attempt: number, params: Params): Promise<boolean>;
  /** Saves the weights after `step`; an older attempt's checkpoint never replaces a newer one's. */
  saveCheckpoint(trialId: number, attempt: number, step: number, data: Uint8Array): Promise<boolean>;
  /** Deletes the held trial's checkpoints before `step` (only the latest are read without PBT); returns how many. */
  dropCheckpointsBefore(trialId: number, attempt: number, step: number): Promise<number>;
  /** Where a retried attempt resumes: the latest checkpoint whose step was also reported, or null. */
  resumableCheckpoint(trialId: number): Promise<StoredCheckpoint | null>;
  /**
   * The weights trial `number` of a study saved after `step` (the source of a PBT exploit), or null. With
   * `orEarlier`, the newest saved at or before `step` (serving a running trial: outside PBT a trial stores a
   * checkpoint only every so often, not at every reported step); the answer's `step` says which.
   */
  loadCheckpoint(
    studyId: number,
    number: number,
    step: number,
    options?: { readonly orEarlier?: boolean },
  ): Promise<StoredCheckpoint | null>;
  /**
   * The trial as its holder sees it (what `claim` returned, with the latest step reported) while it is
   * RUNNING, else null: how an HTTP client's lease, which holds only the trial id and attempt, is checked.
   * With `holder`, only while that worker (the `workerId` of the claim) holds it: how a worker whose claim
   * committed but whose answer was lost (a dropped connection) learns, on the retry, that the trial is its own.
   */
  held(trialId: number, holder?: string): Promise<ClaimedTrial | null>;
  /** Records the attempt's result, exactly once: later calls, and calls from other attempts, return false. */
  finish(trialId: number, attempt: number, outcome: TrialOutcome): Promise<boolean>;
  /**
   * The attempt failed with an error worth another try (not the configuration's fault): WAITING again with
   * the attempt counted while the study runs and has attempts left (returns "WAITING"), else FAILED with
   * `error` (returns "FAILED"). Null when the attempt no longer held the trial.
   */
  retryLater(trialId: number, attempt: number, error: string): Promise<"WAITING" | "FAILED" | null>;
  /** WAITING again without counting the attempt (a worker shutting down gracefully). */
  handBack(trialId: number, attempt: number): Promise<boolean>;
  /** Marks one trial as alive while `attempt` holds it (an ask/tell client's lease); false once it does not. */
  renewLease(trialId: number, attempt: number): Promise<boolean>;
  /** Marks the trials this worker holds as alive; a trial silent for too long is reaped (StudyLedger). */
  heartbeat(workerId: string, trialIds: readonly number[]): Promise<void>;
}
