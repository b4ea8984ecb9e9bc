import type { PastTrial } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import type {
  ClaimedTrial,
  CreatedTrial,
  DecisionInput,
  KnownStates,
  ReapedTrial,
  StudyRow,
  TrialChange,
  TrialProposal,
  UnfinishedTrial,
} from "./rows.js";
import type { SchedulerLock, SchedulerLockOptions } from "./scheduler-lock.js";
import type { StepValues } from "./step-values.js";
import type { TrialHistory } from "./trial-history.js";

/**
 * What the scheduler does with the store: load each running study once, follow its trials in flight,
 * create the next ones, log its strategy's decisions, end studies, and retry trials of lost workers.
 */
export interface StudyLedger extends StepValues, TrialHistory {
  /** Studies with status RUNNING, by id. */
  runningStudies(): Promise<StudyRow[]>;
  /** WAITING and RUNNING trials of a study by number: what a restarted scheduler tracks. */
  unfinishedTrials(studyId: number): Promise<UnfinishedTrial[]>;
  /** number -> error of the study's trials with these numbers that FAILED (fail-fast reads its first failures). */
  failedTrialErrors(studyId: number, numbers: readonly number[]): Promise<Map<number, string | null>>;
  /** The trials in flight whose state differs from `known` (claimed, finished, handed back, reaped). */
  changedTrials(known: KnownStates): Promise<TrialChange[]>;
  /**
   * Creates WAITING trials numbered on from the study's count, gap-free and unique however many callers
   * race; none is created (and no number used) when it fails. NotFoundError for an unknown study,
   * ConflictError for one that no longer runs. With `withinBudget` (a user's enqueued trial), all of
   * them or none: [] when the study's trials would then number more than its maxTrials, checked in the
   * same step as the numbering, so a trial created elsewhere meanwhile (another API process's ask)
   * counts.
   */
  createTrials(
    studyId: number,
    proposals: readonly TrialProposal[],
    options?: { readonly withinBudget?: boolean },
  ): Promise<CreatedTrial[]>;
  /**
   * Creates trial `number` already claimed by `workerId` (RUNNING under attempt 1, its lease starting
   * now), in one statement: an ask/tell client's next trial, never seen unheld. Null, creating nothing,
   * when the study's next number is not `number` (trials were created elsewhere since the caller's view
   * of the study) or its trials already number its maxTrials (the budget is enforced here, whatever the
   * caller's view). NotFoundError and ConflictError as createTrials.
   */
  createClaimedTrial(
    studyId: number,
    number: number,
    proposal: TrialProposal,
    workerId: string,
  ): Promise<ClaimedTrial | null>;
  /** Appends to the decision log; an entry already stored for the same trial and kind is kept, not doubled. */
  recordDecisions(studyId: number, decisions: readonly DecisionInput[]): Promise<void>;
  /**
   * The `perStudy` best COMPLETE trials of each source study, each ranked in its own first direction:
   * the listed study ids, or ("auto") every COMPLETED study other than `studyId` with the same target
   * family and data set (warmStartKey); either way only studies of `studyId`'s project.
   */
  warmStartTrials(
    studyId: number,
    spec: StudySpec,
    from: "auto" | readonly number[],
    perStudy: number,
  ): Promise<PastTrial[]>;
  /**
   * RUNNING -> COMPLETED or FAILED (with `error`); false when the study was not running. FAILED also ends
   * the study's WAITING trials (FAILED with FAILED_BEFORE_START): nothing would ever claim them.
   */
  finishStudy(studyId: number, status: "COMPLETED" | "FAILED", error?: string): Promise<boolean>;
  /**
   * RUNNING trials whose heartbeat is older than `staleAfterMs` by the store's clock: WAITING again for
   * another attempt, or FAILED once the study's maxAttempts are spent or the study no longer runs.
   */
  reapStaleTrials(staleAfterMs: number): Promise<ReapedTrial[]>;
  /** Waits until this caller is the cluster's one scheduler (a standby waits here). */
  acquireSchedulerLock(options?: SchedulerLockOptions): Promise<SchedulerLock>;
}
