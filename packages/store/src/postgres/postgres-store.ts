import type { Store } from "../contract/store.js";
import { postgresAccessControl } from "./access-control.js";
import { postgresBrowseReads } from "./browse-reads.js";
import { postgresChampions } from "./champions.js";
import { postgresCheckpoints } from "./checkpoints.js";
import { closeDatabase, openDatabase } from "./database.js";
import { postgresDecisions } from "./decisions.js";
import { LEADERBOARD_CHANNEL, LeaderboardFeed } from "./leaderboard-feed.js";
import { NotificationFeed } from "./notification-feed.js";
import { acquireSchedulerLock } from "./scheduler-lock.js";
import { postgresSchedulerTrials } from "./scheduler-trials.js";
import { postgresStudies } from "./studies.js";
import { STUDIES_CHANNEL, StudyFeed, TRIALS_CHANNEL } from "./study-feed.js";
import { postgresTrialHistory } from "./trial-history.js";
import { postgresTrialLease } from "./trial-lease.js";
import { postgresTrialReads } from "./trial-reads.js";
import { postgresWarmStart } from "./warm-start.js";
import { postgresWorkers } from "./workers.js";

export interface PostgresStoreOptions {
  /** Connections of the process's pool, shared by every statement of the store (default 10). */
  readonly poolSize?: number;
}

/**
 * The store on PostgreSQL, the source of truth of a cluster: every interface of the contract, each
 * implemented by the part named after what it holds, over one connection pool.
 */
export function createPostgresStore(databaseUrl: string, options: PostgresStoreOptions = {}): Store {
  const database = openDatabase(databaseUrl, options.poolSize);
  // One connection LISTENs for the whole process, opened only when something watches (the API), not in
  // workers or the scheduler: the leaderboards' changes and the live events' share it.
  const notifications = new NotificationFeed(databaseUrl, [LEADERBOARD_CHANNEL, TRIALS_CHANNEL, STUDIES_CHANNEL]);
  const leaderboards = new LeaderboardFeed(notifications);
  const studies = new StudyFeed(notifications);
  return {
    ...postgresStudies(database),
    ...postgresTrialLease(database),
    ...postgresCheckpoints(database),
    ...postgresTrialHistory(database),
    ...postgresSchedulerTrials(database),
    ...postgresTrialReads(database),
    ...postgresDecisions(database),
    ...postgresWarmStart(database),
    ...postgresWorkers(database),
    ...postgresBrowseReads(database),
    ...postgresChampions(database),
    ...postgresAccessControl(database),
    acquireSchedulerLock: (lockOptions) => acquireSchedulerLock(databaseUrl, lockOptions),
    watchLeaderboards: (watcher) => leaderboards.watch(watcher),
    watchStudies: (watcher) => studies.watch(watcher),
    async ping() {
      await database.sql.query("ping", "SELECT 1", []);
    },
    async close() {
      await notifications.close();
      await closeDatabase(database);
    },
  };
}
