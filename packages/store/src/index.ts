export { Store, createStore } from "./store.js";
export { Batcher } from "./batcher.js";
export { LeaderboardFeed, LEADERBOARD_CHANNEL, type LeaderboardWatcher } from "./leaderboard-feed.js";
export { NotificationFeed, type NotificationWatcher } from "./notification-feed.js";
export { StudyFeed, TRIALS_CHANNEL, STUDIES_CHANNEL, type StudyWatcher } from "./study-feed.js";
export {
  BrowseReads,
  type TrialTableRow,
  type TrialSteps,
  type StepReport,
  type WorkerRow,
  type StudyProgress,
} from "./browse-reads.js";
export type { SqlClient } from "./sql.js";
export { StudyRepository, type StudySummary, type TrialCounts } from "./studies.js";
export {
  TrialRepository,
  leaderboardStatement,
  type TrialProposal,
  type CreatedTrial,
  type TrialOutcome,
  type TrialChange,
  type ReapedTrial,
} from "./trials.js";
export { WorkerRepository, type WorkerInfo } from "./workers.js";
export { CheckpointRepository, type StoredCheckpoint } from "./checkpoints.js";
export { NotFoundError, ConflictError } from "./errors.js";
export type { StudyRow, TrialRow, ClaimedTrial, StudyStatus } from "./rows.js";
export { ensureDatabase, migrateDatabase } from "./migrate.js";
export { DecisionRepository, type DecisionRow, type DecisionInput } from "./decisions.js";
export { WarmStartRepository, warmStartKey } from "./warm-start.js";
export { acquireSchedulerLock, type LeaderLock } from "./leader-lock.js";
