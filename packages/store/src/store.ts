import { CheckpointRepository } from "./checkpoints.js";
import { createDatabase, type PrismaClient } from "./client.js";
import { DecisionRepository } from "./decisions.js";
import { BrowseReads } from "./browse-reads.js";
import { LEADERBOARD_CHANNEL, LeaderboardFeed } from "./leaderboard-feed.js";
import { NotificationFeed } from "./notification-feed.js";
import { STUDIES_CHANNEL, StudyFeed, TRIALS_CHANNEL } from "./study-feed.js";
import type { SqlClient } from "./sql.js";
import { StudyRepository } from "./studies.js";
import { TrialRepository } from "./trials.js";
import { WarmStartRepository } from "./warm-start.js";
import { WorkerRepository } from "./workers.js";

/** The study store: the one door to PostgreSQL. */
export class Store {
  readonly studies: StudyRepository;
  readonly trials: TrialRepository;
  readonly workers: WorkerRepository;
  readonly decisions: DecisionRepository;
  readonly warmStart: WarmStartRepository;
  readonly checkpoints: CheckpointRepository;
  readonly browse: BrowseReads;
  /** Leaderboard changes, and study and trial changes, from the one LISTEN connection of `notifications`. */
  readonly leaderboardFeed?: LeaderboardFeed;
  readonly studyFeed?: StudyFeed;

  /**
   * `sql` runs the hot statements (see SqlClient); `db` everything else. `notifications` delivers the
   * change notifications (absent: a reader cannot keep leaderboards and always reads them, and there
   * are no live events).
   */
  constructor(
    readonly db: PrismaClient,
    readonly sql: SqlClient,
    private readonly notifications?: NotificationFeed,
  ) {
    if (notifications) {
      this.leaderboardFeed = new LeaderboardFeed(notifications);
      this.studyFeed = new StudyFeed(notifications);
    }
    this.browse = new BrowseReads(sql);
    this.studies = new StudyRepository(db);
    this.trials = new TrialRepository(db, sql);
    this.workers = new WorkerRepository(db);
    this.decisions = new DecisionRepository(db);
    this.warmStart = new WarmStartRepository(db);
    this.checkpoints = new CheckpointRepository(db);
  }

  /** Round trip to the database (readiness checks). */
  async ping(): Promise<void> {
    await this.db.$queryRaw`SELECT 1`;
  }

  async close(): Promise<void> {
    await this.notifications?.close();
    await this.db.$disconnect();
    await this.sql.end();
  }
}

export function createStore(databaseUrl: string, options: { poolSize?: number } = {}): Store {
  const { db, sql } = createDatabase(databaseUrl, options.poolSize);
  // The feed's connection opens only when something watches it (the API), not in workers or the scheduler.
  return new Store(db, sql, new NotificationFeed(databaseUrl, [LEADERBOARD_CHANNEL, TRIALS_CHANNEL, STUDIES_CHANNEL]));
}
