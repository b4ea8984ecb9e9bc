import { resolve } from "node:path";
import type { Env } from "@rectune/config";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@rectune/embedded";
import { chooseQueueConnection } from "@rectune/queue";

/** The datastores a local cluster runs on, and how to tell the user about them. */
export interface ClusterDatabase {
  readonly mode: "embedded" | "cluster";
  readonly databaseUrl: string;
  /** One line each, with no password: where studies and the trial queue live. */
  readonly describeDatabase: string;
  readonly describeQueue: string;
  /** The embedded server when this process started one; stopped by `close`. */
  readonly embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

/** `postgresql://user@host:port/db` without the password. */
export const redact = (url: string): string => {
  const u = new URL(url);
  u.password = "";
  return u.toString();
};

export const embeddedDir = (env: Env): string => resolve(env.RECTUNE_DATA_DIR, "postgres");

/** Says where the queue of this configuration lives (the same rule the apps apply). */
export function describeQueue(env: Env, databaseUrl: string): string {
  const queue = chooseQueueConnection({ redisUrl: env.REDIS_URL, databaseUrl, namespace: env.RECTUNE_QUEUE_PREFIX });
  return queue.kind === "redis"
    ? `Redis at ${redact(queue.url)} (key prefix ${queue.prefix})`
    : `PostgreSQL, schema ${queue.schema} of the study database`;
}

/**
 * Cluster mode when DATABASE_URL is set; otherwise the embedded PostgreSQL of the project's data
 * directory is started (created on first use) and its URL is what every process of the cluster gets.
 */
export async function openClusterDatabase(env: Env, log: (line: string) => void): Promise<ClusterDatabase> {
  if (env.DATABASE_URL) {
    const databaseUrl = env.DATABASE_URL;
    return {
      mode: "cluster",
      databaseUrl,
      describeDatabase: `PostgreSQL at ${redact(databaseUrl)}`,
      describeQueue: describeQueue(env, databaseUrl),
      embedded: undefined,
      close: async () => {},
    };
  }
  const embedded = await startEmbeddedPostgres({ dir: embeddedDir(env), log });
  return {
    mode: "embedded",
    databaseUrl: embedded.databaseUrl,
    describeDatabase: `embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${embedded.dir}`,
    describeQueue: describeQueue(env, embedded.databaseUrl),
    embedded,
    close: () => embedded.stop(),
  };
}
