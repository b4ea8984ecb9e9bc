import type { PrismaClient } from "./generated/prisma/client.ts";

export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly backend: string;
  readonly concurrency: number;
}

export class WorkerRepository {
  constructor(private readonly db: PrismaClient) {}

  async register(info: WorkerInfo): Promise<void> {
    const { id, ...rest } = info;
    await this.db.worker.upsert({ where: { id }, create: info, update: { ...rest, lastSeenAt: new Date() } });
  }

  async touch(id: string): Promise<void> {
    await this.db.worker.updateMany({ where: { id }, data: { lastSeenAt: new Date() } });
  }

  async list(): Promise<(WorkerInfo & { startedAt: Date; lastSeenAt: Date })[]> {
    return this.db.worker.findMany({ orderBy: { lastSeenAt: "desc" } });
  }
}
