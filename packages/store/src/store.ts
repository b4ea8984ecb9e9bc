import { CheckpointRepository } from "./checkpoints.js";
import { createDatabase, type PrismaClient } from "./client.js";
import { DecisionRepository } from "./decisions.js";
import { LeaderboardFeed } from "./leaderboard-feed.js";
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

  /**
   * `sql` runs the hot statements (see SqlClient); `db` everything else. `leaderboardFeed` delivers the
   * leaderboard change notifications (absent: a reader cannot keep leaderboards and always reads them).
   */
  constructor(
    readonly db: PrismaClient,
    readonly sql: SqlClient,
    readonly leaderboardFeed?: LeaderboardFeed,
  ) {
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
    await this.leaderboardFeed?.close();
    await this.db.$disconnect();
    await this.sql.end();
  }
}

export function createStore(databaseUrl: string, options: { poolSize?: number } = {}): Store {
  const { db, sql } = createDatabase(databaseUrl, options.poolSize);
  // The feed's connection opens only when something watches it (the API), not in workers or the scheduler.
  return new Store(db, sql, new LeaderboardFeed(databaseUrl));
}
