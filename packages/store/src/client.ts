import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { PoolSql } from "./sql.js";

/**
 * The Prisma client runs queries through the pg driver adapter (no native query engine: it cannot be
 * downloaded on machines without internet, see README "Prisma offline"). The adapter gets the pool that
 * the hot statements use directly, so one process holds one pool of `poolSize` connections.
 */
export function createDatabase(databaseUrl: string, poolSize = 10): { db: PrismaClient; sql: PoolSql } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  return { db: new PrismaClient({ adapter: new PrismaPg(pool) }), sql: new PoolSql(pool) };
}

export type { PrismaClient };
