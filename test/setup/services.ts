import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "@rectune/embedded";
import { Redis } from "ioredis";
import pg from "pg";

/** Whether a PostgreSQL server answers a query at `url` within two seconds. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether a Redis server answers PING at `url` within two seconds. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * The PostgreSQL server that `rectune up` starts when no DATABASE_URL is set (packages/embedded), in a
 * temporary folder of its own: what the integration tests run on where no PostgreSQL answers. Run as
 * root, the server runs as the `postgres` account, which must be able to enter the folder.
 */
export async function startTestPostgres(): Promise<{ server: EmbeddedPostgres; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "rectune-test-postgres-"));
  await chmod(root, 0o755);
  try {
    const server = await startEmbeddedPostgres({ dir: join(root, "postgres"), database: "postgres" });
    return {
      server,
      remove: async () => {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
