import type { Env } from "@rectune/config";
import { createPostgresStore, migrateDatabase, type Store } from "@rectune/store";
import { openClusterDatabase } from "./cluster-database.js";
import { readClusterState } from "./cluster-state.js";

/**
 * Runs `work` on the store itself, not through the API (so that the first key can be made before any
 * key exists): DATABASE_URL; else the embedded PostgreSQL of a running `rectune up`; else the data
 * directory's embedded PostgreSQL, started for the command and stopped after it.
 */
export async function withStore<T>(
  env: Env,
  say: (line: string) => void,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const running = env.DATABASE_URL ? undefined : readClusterState(env.RECTUNE_DATA_DIR)?.databaseUrl;
  const database = running === undefined ? await openClusterDatabase(env, say) : undefined;
  const databaseUrl = running ?? database!.databaseUrl;
  try {
    if (database?.mode === "embedded") await migrateDatabase(databaseUrl, { env: process.env });
    const store = createPostgresStore(databaseUrl, { poolSize: 2 });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  } finally {
    await database?.close();
  }
}
