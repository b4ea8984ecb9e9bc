import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/**
 * The Prisma client runs queries through the pg driver adapter (no native query engine: it cannot be
 * downloaded on machines without internet, see README "Prisma offline").
 */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

export type { PrismaClient };
