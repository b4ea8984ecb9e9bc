import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** Creates the database named in the URL if it does not exist yet (connecting to `postgres` to do so). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and underscores`);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE ${name}`);
    return true;
  } finally {
    await admin.end();
  }
}

/**
 * Applies the committed migrations (prisma/migrations) with `prisma migrate deploy`. The Prisma CLI runs
 * its WebAssembly schema engine through the pg adapter (prisma.config.ts): no engine download. `env` is
 * the environment the CLI runs in besides DATABASE_URL (an app passes its own: HOME, proxies).
 */
export async function migrateDatabase(
  databaseUrl: string,
  options: { env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<string> {
  await ensureDatabase(databaseUrl);
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const { stdout } = await run(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...options.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}
