export type * from "./rows.js";
export { NotFoundError, ConflictError, IdempotencyConflictError } from "./errors.js";
export type { StepValues } from "./step-values.js";
export type { TrialHistory } from "./trial-history.js";
export type { TrialLease } from "./trial-lease.js";
export type { StudyLedger } from "./study-ledger.js";
export type { StudyReads } from "./study-reads.js";
export {
  type StudyControl,
  type CreateStudyOptions,
  FAILED_BEFORE_START,
  STOPPED_BEFORE_START,
  DEFAULT_PROJECT_ID,
} from "./study-control.js";
export type { StudyBrowse, TrialTableRow, TrialSteps, StepReport, WorkerLoad, StudyProgress } from "./study-browse.js";
export type { StudyWatcher } from "./study-watcher.js";
export type { WorkerRegistry } from "./worker-registry.js";
export type { LeaderboardWatcher } from "./leaderboard-watcher.js";
export type { SchedulerLock, SchedulerLockOptions } from "./scheduler-lock.js";
export type { Store } from "./store.js";
export type {
  ChampionRow,
  ChampionReads,
  DatasetChampion,
  ClaimedRefit,
  RefitLease,
  RefitLedger,
  RefitOutcome,
  RefitState,
  RefitSummary,
  ReapedRefit,
  WaitingRefit,
} from "./champion-refit.js";
export type { AccessControl, ApiKeyRow, ApiKeyScope, NewApiKey, ProjectRow, StoredApiKey } from "./access-control.js";
