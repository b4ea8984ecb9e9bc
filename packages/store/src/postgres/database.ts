import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { PoolSql, type SqlClient } from "./sql-client.js";

/** What every PostgreSQL part of the store queries through. */
export interface Database {
  /** Everything but the hot statements. */
  readonly db: PrismaClient;
  /** The hot statements: a worker's claim, report and finish, the scheduler's insert and poll (see SqlClient). */
  readonly sql: SqlClient;
  /** The URL it connects to (the scheduler lock and the leaderboard feed hold connections of their own). */
  readonly url: string;
}

/**
 * The Prisma client runs queries through the pg driver adapter (no native query engine: it cannot be
 * downloaded on machines without internet, see README "Prisma offline"). The adapter gets the pool that
 * the hot statements use directly, so one process holds one pool of `poolSize` connections.
 */
export function openDatabase(url: string, poolSize = 10): Database {
  // Timestamps are stored as UTC without a zone (Prisma's convention); statements that write now() must
  // then run in UTC too, whatever the server's TimeZone setting.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: "-c TimeZone=UTC" });
  // An idle connection the server closed (a restart, pg_terminate_backend) emits `error` on the pool; without a
  // listener that would crash the process. The pool drops that connection, and the next query that fails
  // reports the outage to its caller, who retries (retryTransient).
  pool.on("error", () => undefined);
  return { db: new PrismaClient({ adapter: new PrismaPg(pool) }), sql: new PoolSql(pool), url };
}

export async function closeDatabase({ db, sql }: Database): Promise<void> {
  await db.$disconnect();
  await sql.end();
}
