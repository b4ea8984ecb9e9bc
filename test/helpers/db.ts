import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/**
 * A database of its own for one test file: a copy of the run's migrated template, so that one file's
 * running studies are never picked up by another file's scheduler. Dropped by the global teardown.
 */
export async function createTestDatabase(): Promise<string> {
  const template = inject("templateDatabase");
  const name = `${template}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: inject("adminUrl") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return inject("adminUrl").replace(/\/[^/]*$/, `/${name}`);
}

/** A queue key prefix of its own for one test file. */
export const testQueuePrefix = (): string => `${inject("queuePrefix")}-${randomBytes(3).toString("hex")}`;
