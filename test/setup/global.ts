import { randomBytes } from "node:crypto";
import { migrateDatabase } from "@rectune/store";
import { Redis } from "ioredis";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { postgresAnswers, redisAnswers, startTestPostgres } from "./services.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database of this run; test files clone it (see test/helpers/db.ts). */
    databaseUrl: string;
    templateDatabase: string;
    adminUrl: string;
    /** The Redis the queue runs on, or null: then it runs on BullMQ's PostgreSQL backend. */
    redisUrl: string | null;
    queuePrefix: string;
  }
}

const ADMIN_URL = process.env.RECTUNE_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.RECTUNE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * One database and one Redis key prefix per test run, so that runs (and developers) never collide.
 * Where no PostgreSQL answers at ADMIN_URL (a machine with only Node), the run starts the embedded
 * PostgreSQL, as `rectune up` does; where no Redis answers, the queue runs on BullMQ's PostgreSQL backend
 * and the suites that exist only for Redis are skipped. CI starts both services, so it runs everything.
 * The schema comes from the committed migrations, applied with `prisma migrate deploy`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = ADMIN_URL;
  let embedded: Awaited<ReturnType<typeof startTestPostgres>> | undefined;
  if (!(await postgresAnswers(ADMIN_URL))) {
    embedded = await startTestPostgres();
    adminUrl = embedded.server.databaseUrl;
    console.log(
      `no PostgreSQL answers at ${ADMIN_URL}: the tests run on an embedded PostgreSQL (${embedded.server.dir})`,
    );
  }
  const redisUrl = (await redisAnswers(REDIS_URL)) ? REDIS_URL : null;
  if (!redisUrl)
    console.log(`no Redis answers at ${REDIS_URL}: the queue runs on PostgreSQL, and Redis-only suites are skipped`);

  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const database = `rectune_test_${suffix}`;
  const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${database}`);
  await migrateDatabase(databaseUrl, { env: process.env });
  const queuePrefix = `rectune-test-${suffix}`;
  project.provide("databaseUrl", databaseUrl);
  project.provide("templateDatabase", database);
  project.provide("adminUrl", adminUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("queuePrefix", queuePrefix);

  return async () => {
    if (embedded) {
      await embedded.remove();
      return;
    }
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    // The run's template and every per-file clone share its name as a prefix.
    const { rows } = await cleanup.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${database}%`,
    ]);
    for (const { datname } of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await cleanup.end();
    if (!redisUrl) return;
    const redis = new Redis(redisUrl);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    redis.disconnect();
  };
}
