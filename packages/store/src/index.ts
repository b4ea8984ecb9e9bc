export * from "./contract/index.js";
export { warmStartKey } from "./contract/warm-start-key.js";
export { createPostgresStore, type PostgresStoreOptions } from "./postgres/postgres-store.js";
export { leaderboardStatement } from "./postgres/trial-reads.js";
export { LEADERBOARD_CHANNEL } from "./postgres/leaderboard-feed.js";
export { TRIALS_CHANNEL, STUDIES_CHANNEL } from "./postgres/study-feed.js";
export { ensureDatabase, migrateDatabase } from "./postgres/migrate.js";
export { createMemoryStore, type MemoryStoreOptions } from "./memory/memory-store.js";
export { Batcher } from "./batcher.js";
