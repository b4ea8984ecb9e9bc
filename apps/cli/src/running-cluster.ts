import { resolve } from "node:path";
import { migrateDatabase } from "@rectune/store";
import type { CliContext } from "./cli-context.js";
import { ensureLocalAdminKey } from "./local-admin-key.js";
import { type ClusterDatabase, openClusterDatabase } from "./cluster-database.js";
import { LocalCluster } from "./local-cluster.js";

/** A local cluster and the datastores under it: stopped in that order. */
export interface RunningCluster {
  readonly cluster: LocalCluster;
  readonly database: ClusterDatabase;
  readonly logDir: string;
  stop(): Promise<void>;
}

/** Settings every process of a local cluster gets: the datastores chosen here, nothing else implied. */
const clusterEnv = ({ env }: CliContext, databaseUrl: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
  RECTUNE_QUEUE_PREFIX: env.RECTUNE_QUEUE_PREFIX,
  RECTUNE_API_HOST: env.RECTUNE_API_HOST,
  RECTUNE_API_PORT: String(env.RECTUNE_API_PORT),
  RECTUNE_LOG_LEVEL: env.RECTUNE_LOG_LEVEL,
});

/**
 * Opens the datastores (the embedded PostgreSQL when no DATABASE_URL is set), migrates them, and starts
 * the API, the scheduler and the workers as child processes.
 */
export async function startCluster(
  context: CliContext,
  options: { workers: number; concurrency: number; echo: boolean; port?: number },
): Promise<RunningCluster> {
  const { env, say } = context;
  const database = await openClusterDatabase(env, say);
  const logDir = resolve(env.RECTUNE_DATA_DIR, "logs");
  try {
    say(`${database.mode} mode: ${database.describeDatabase}; queue: ${database.describeQueue}`);
    say(`migrating ${new URL(database.databaseUrl).pathname.slice(1)} ...`);
    await migrateDatabase(database.databaseUrl, { env: process.env });
    await ensureLocalAdminKey(env, database.databaseUrl, say);
    const cluster = new LocalCluster({
      env: {
        ...clusterEnv(context, database.databaseUrl),
        ...(options.port === undefined ? {} : { RECTUNE_API_PORT: String(options.port) }),
      },
      workers: options.workers,
      concurrency: options.concurrency,
      logDir,
      echo: options.echo,
    });
    let stopped: Promise<void> | undefined;
    const running: RunningCluster = {
      cluster,
      database,
      logDir,
      // Workers first (they finish or hand back their trials), then scheduler and API, then the database.
      // Once: a signal and the demo's own `finally` may both ask.
      stop: () =>
        (stopped ??= (async () => {
          await cluster.stop();
          await database.close();
        })()),
    };
    try {
      await cluster.start();
    } catch (error) {
      await running.stop();
      throw error;
    }
    return running;
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Runs `stop` once on SIGINT or SIGTERM (Ctrl-C reaches the child processes too; they stop gracefully). */
export function onSignal(stop: (why: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
