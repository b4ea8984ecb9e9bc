import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { ensureServices } from "./services.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated database of this run; test files clone it (see test/helpers/db.ts). */
    databaseUrl: string;
    templateDatabase: string;
    adminUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

const ADMIN_URL = process.env.RECTUNE_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.RECTUNE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * One database and one Redis key prefix per test run, so that runs (and developers) never collide.
 * The schema comes from the committed migrations, applied with `prisma migrate deploy`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureServices();
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const database = `rectune_test_${suffix}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
  const queuePrefix = `rectune-test-${suffix}`;
  project.provide("databaseUrl", databaseUrl);
  project.provide("templateDatabase", database);
  project.provide("adminUrl", ADMIN_URL);
  project.provide("redisUrl", REDIS_URL);
  project.provide("queuePrefix", queuePrefix);

  return async () => {
    const cleanup = new pg.Client({ connectionString: ADMIN_URL });
    await cleanup.connect();
    // The run's template and every per-file clone share its name as a prefix.
    const { rows } = await cleanup.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${database}%`,
    ]);
    for (const { datname } of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await cleanup.end();
    const redis = new Redis(REDIS_URL);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${queuePrefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    redis.disconnect();
  };
}
