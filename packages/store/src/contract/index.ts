export type * from "./rows.js";
export { NotFoundError, ConflictError } from "./errors.js";
export type { StepValues } from "./step-values.js";
export type { TrialHistory } from "./trial-history.js";
export type { TrialLease } from "./trial-lease.js";
export type { StudyLedger } from "./study-ledger.js";
export type { StudyReads } from "./study-reads.js";
export { type StudyControl, STOPPED_BEFORE_START } from "./study-control.js";
export type { StudyBrowse, TrialTableRow, TrialSteps, StepReport, WorkerLoad, StudyProgress } from "./study-browse.js";
export type { StudyWatcher } from "./study-watcher.js";
export type { WorkerRegistry } from "./worker-registry.js";
export type { LeaderboardWatcher } from "./leaderboard-watcher.js";
export type { SchedulerLock, SchedulerLockOptions } from "./scheduler-lock.js";
export type { Store } from "./store.js";
export type {
  ChampionRow,
  ChampionReads,
  ClaimedRefit,
  RefitLease,
  RefitLedger,
  RefitOutcome,
  RefitState,
  RefitSummary,
  ReapedRefit,
  WaitingRefit,
} from "./champion-refit.js";
