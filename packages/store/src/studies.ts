import type { Direction } from "@rectune/search";
import { objectivesOf, type StudySpec } from "@rectune/spec";
import { Batcher } from "./batcher.js";
import { ConflictError, NotFoundError } from "./errors.js";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { Prisma } from "./generated/prisma/client.ts";
import type { StudyRow, StudyStatus, TrialRow } from "./rows.js";
import { toTrialRow } from "./rows.js";

interface PrismaStudy {
  id: number;
  name: string;
  spec: unknown;
  status: StudyStatus;
  directions: string[];
  nextTrialNumber: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/** The columns of `studies` under the Prisma model's field names, for plain SQL reads. */
const STUDY_COLUMNS = Prisma.sql`id, name, spec, status::text AS status, directions, next_trial_number AS "nextTrialNumber", error,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt"`;

const toStudyRow = (s: PrismaStudy): StudyRow => ({
  id: s.id,
  name: s.name,
  spec: s.spec as StudySpec,
  status: s.status,
  directions: s.directions as Direction[],
  trialCount: s.nextTrialNumber,
  error: s.error,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  completedAt: s.completedAt,
});

export type TrialCounts = Record<"WAITING" | "RUNNING" | "COMPLETE" | "PRUNED" | "FAILED", number>;

export interface StudySummary {
  readonly study: StudyRow;
  readonly counts: TrialCounts;
  readonly bestTrial: TrialRow | null;
}

/** The error of the trials a stop kept from starting: the ones a resume starts again. */
const STOPPED_BEFORE_START = "study stopped before the trial started";

export class StudyRepository {
  private readonly reads = new Batcher(this.readBatch.bind(this));

  constructor(private readonly db: PrismaClient) {}

  async create(spec: StudySpec): Promise<StudyRow> {
    const directions = objectivesOf(spec).map((o) => o.direction);
    const row = await this.db.study.create({
      data: { name: spec.name, spec: spec as unknown as Prisma.InputJsonValue, directions },
    });
    return toStudyRow(row);
  }

  // Hot reads (every API request, every scheduler listing) are plain SQL: Prisma's model queries cost
  // several times the CPU of the same statement through $queryRaw.
  async get(id: number): Promise<StudyRow> {
    const row = await this.reads.submit(id);
    if (!row) throw new NotFoundError("study", id);
    return toStudyRow(row);
  }

  /**
   * Reads that arrive while one is in flight go out together as one statement (a burst of API requests
   * costs one query); each is still read after its request arrived.
   */
  private async readBatch(ids: readonly number[]): Promise<(PrismaStudy | undefined)[]> {
    const rows = await this.db.$queryRaw<
      PrismaStudy[]
    >`SELECT ${STUDY_COLUMNS} FROM studies WHERE id = ANY(${[...new Set(ids)]}::int[])`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  /** Newest first, keyset-paginated by id. */
  async list(options: { status?: StudyStatus; limit: number; before?: number; name?: string }): Promise<StudyRow[]> {
    const rows = await this.db.study.findMany({
      where: {
        ...(options.status ? { status: options.status } : {}),
        ...(options.name ? { name: { contains: options.name, mode: "insensitive" as const } } : {}),
        ...(options.before ? { id: { lt: options.before } } : {}),
      },
      orderBy: { id: "desc" },
      take: options.limit,
    });
    return rows.map(toStudyRow);
  }

  async running(): Promise<StudyRow[]> {
    const rows = await this.db.$queryRaw<
      PrismaStudy[]
    >`SELECT ${STUDY_COLUMNS} FROM studies WHERE status = 'RUNNING' ORDER BY id`;
    return rows.map(toStudyRow);
  }

  async summary(id: number): Promise<StudySummary> {
    const study = await this.get(id);
    const grouped = await this.db.trial.groupBy({ by: ["state"], where: { studyId: id }, _count: { _all: true } });
    const counts: TrialCounts = { WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 };
    for (const g of grouped) counts[g.state] = g._count._all;
    const direction = study.directions[0] ?? "minimize";
    const best = await this.db.trial.findFirst({
      where: { studyId: id, state: "COMPLETE", value: { not: null } },
      orderBy: [{ value: direction === "maximize" ? "desc" : "asc" }, { number: "asc" }],
    });
    return { study, counts, bestTrial: best ? toTrialRow(best) : null };
  }

  /**
   * Stops a running study: it gets no new trials, and trials not yet started are FAILED so no worker
   * picks them up. Running trials finish and keep their results.
   */
  async stop(id: number): Promise<StudyRow> {
    return this.db.$transaction(async (tx) => {
      const updated = await tx.study.updateMany({
        where: { id, status: "RUNNING" },
        data: { status: "STOPPED", completedAt: new Date() },
      });
      if (updated.count === 0) {
        const row = await tx.study.findUnique({ where: { id } });
        if (!row) throw new NotFoundError("study", id);
        throw new ConflictError(`study ${id} is ${row.status}, not RUNNING`);
      }
      await tx.trial.updateMany({
        where: { studyId: id, state: "WAITING" },
        data: { state: "FAILED", error: STOPPED_BEFORE_START, finishedAt: new Date() },
      });
      return toStudyRow(await tx.study.findUniqueOrThrow({ where: { id } }));
    });
  }

  /**
   * Resumes a stopped study: RUNNING again, and the trials its stop kept from starting wait again (their
   * numbers and configurations unchanged), so the scheduler picks the study up with its budget intact.
   */
  async resume(id: number): Promise<StudyRow> {
    return this.db.$transaction(async (tx) => {
      const updated = await tx.study.updateMany({
        where: { id, status: "STOPPED" },
        data: { status: "RUNNING", completedAt: null },
      });
      if (updated.count === 0) {
        const row = await tx.study.findUnique({ where: { id } });
        if (!row) throw new NotFoundError("study", id);
        throw new ConflictError(`study ${id} is ${row.status}, not STOPPED`);
      }
      await tx.trial.updateMany({
        where: { studyId: id, state: "FAILED", error: STOPPED_BEFORE_START },
        data: { state: "WAITING", error: null, finishedAt: null },
      });
      return toStudyRow(await tx.study.findUniqueOrThrow({ where: { id } }));
    });
  }

  /** Marks a running study COMPLETED or FAILED (the scheduler, when the budget is spent). */
  async finish(id: number, status: "COMPLETED" | "FAILED", error?: string): Promise<boolean> {
    const updated = await this.db.study.updateMany({
      where: { id, status: "RUNNING" },
      data: { status, completedAt: new Date(), ...(error ? { error } : {}) },
    });
    return updated.count === 1;
  }
}
