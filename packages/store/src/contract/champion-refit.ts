import type { Params } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";

/** Where a study's refit stands: waiting for a worker, on one, done, or given up (the study still completes). */
export type RefitState = "WAITING" | "RUNNING" | "COMPLETE" | "FAILED";

/** What the refit did: its epochs, its time, the worker, and how big the saved weights are. */
export interface RefitSummary {
  readonly epochs: number;
  readonly seconds: number;
  readonly workerId: string;
  /** Bytes of the saved model state (0 for closed-form models, which are refitted when served). */
  readonly weightBytes: number;
  /** The data set's fingerprint (ratings file content, preprocessing, split): champions alike are comparable. */
  readonly dataset: string;
}

/**
 * A study's champion: its best trial by validation (first objective), refitted on training + validation
 * for that trial's best epoch count and scored once on the test split.
 */
export interface ChampionRow {
  readonly studyId: number;
  readonly trialId: number;
  readonly trialNumber: number;
  readonly params: Params;
  /** The trial's validation objective values. */
  readonly values: number[];
  /** Epochs the refit trains: the trial's best epoch (null: the model's own count). */
  readonly epochs: number | null;
  readonly state: RefitState;
  readonly attempt: number;
  readonly testMetrics: Record<string, number> | null;
  readonly refit: RefitSummary | null;
  readonly error: string | null;
  readonly hasWeights: boolean;
  /** Changes whenever the champion does: what a process serving it compares. */
  readonly updatedAt: Date;
}

/** A refit a worker holds for one attempt. */
export interface ClaimedRefit {
  readonly studyId: number;
  readonly trialId: number;
  readonly trialNumber: number;
  readonly params: Params;
  readonly epochs: number | null;
  readonly attempt: number;
  readonly spec: StudySpec;
}

export type RefitOutcome =
  | {
      readonly state: "COMPLETE";
      readonly testMetrics: Record<string, number>;
      readonly refit: RefitSummary;
      readonly weights: Uint8Array | null;
    }
  | { readonly state: "FAILED"; readonly error: string };

/** A refit waiting for a worker: what the scheduler enqueues (job per study and attempt). */
export interface WaitingRefit {
  readonly studyId: number;
  readonly trialId: number;
  readonly attempt: number;
  /** The study's spec: its refit goes to the capability queue its trials went to. */
  readonly spec: StudySpec;
}

export interface ReapedRefit {
  readonly studyId: number;
  readonly attempt: number;
  readonly state: "WAITING" | "FAILED";
}

/** A worker's side of a refit: claimed once per attempt, fenced like a trial. */
export interface RefitLease {
  /** WAITING -> RUNNING, attempt + 1, for this worker; null when the refit is not waiting. */
  claimRefit(studyId: number, workerId: string): Promise<ClaimedRefit | null>;
  /** Keeps this worker's running refits alive. */
  heartbeatRefits(workerId: string, studyIds: readonly number[]): Promise<void>;
  /**
   * Records the outcome and completes the study, only while `attempt` holds the refit; false otherwise.
   * A failed refit still completes the study: its trials' results stand, the champion keeps the error.
   */
  finishRefit(studyId: number, attempt: number, outcome: RefitOutcome): Promise<boolean>;
  /** RUNNING -> WAITING without spending the attempt (a worker shutting down). */
  handBackRefit(studyId: number, attempt: number): Promise<boolean>;
}

/** The scheduler's side of refits. */
export interface RefitLedger {
  /**
   * RUNNING -> REFITTING, with the study's best COMPLETE trial (first objective) as its champion, waiting
   * for a worker. False when the study no longer runs or has no complete trial (the caller completes it).
   */
  beginRefit(studyId: number): Promise<boolean>;
  /** WAITING refits of REFITTING studies. */
  waitingRefits(): Promise<WaitingRefit[]>;
  /**
   * RUNNING refits whose heartbeat is older than `staleAfterMs`: WAITING for another attempt, or FAILED
   * (and the study COMPLETED) once the study's maxAttempts are spent.
   */
  reapStaleRefits(staleAfterMs: number): Promise<ReapedRefit[]>;
}

/** A refitted champion on a data set, for the cross-study leaderboard. */
export interface DatasetChampion extends ChampionRow {
  readonly studyName: string;
  readonly spec: StudySpec;
}

/** What the API reads of champions. */
export interface ChampionReads {
  /**
   * The refitted (COMPLETE) champions of every study on the data set with this fingerprint, of the
   * project given (every project when undefined), oldest study first.
   */
  championsOn(dataset: string, projectId?: number): Promise<DatasetChampion[]>;
  /** The study's champion, or null before its budget is spent. NotFoundError for an unknown study. */
  champion(studyId: number): Promise<ChampionRow | null>;
  /** The refitted model's saved state, or null (no champion, a closed-form model, a failed refit). */
  championWeights(studyId: number): Promise<{ readonly updatedAt: Date; readonly data: Uint8Array } | null>;
}
