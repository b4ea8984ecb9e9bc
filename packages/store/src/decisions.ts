import type { PrunerDecision, SamplerDecision } from "@rectune/search";
import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

/** One stored entry of a study's strategy decision log. */
export interface DecisionRow {
  readonly trial: number;
  readonly kind: string;
  readonly from: string | null;
  readonly to: string;
  readonly reason: string;
  readonly shares: Record<string, number>;
  readonly createdAt: Date;
}

/** A decision to store: the sampler's, the pruner "auto" chose, or the scheduler's own (warm start). */
export type DecisionInput = Omit<SamplerDecision, "kind"> & {
  readonly kind: SamplerDecision["kind"] | PrunerDecision["kind"] | "warm-start";
};

/** The strategy decision log: what the auto strategy decided for a study, when (at which trial) and why. */
export class DecisionRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Stores decisions; one already stored for the same trial and kind (a restarted scheduler) is kept. */
  async record(studyId: number, decisions: readonly DecisionInput[]): Promise<void> {
    if (decisions.length === 0) return;
    await this.db.strategyDecision.createMany({
      data: decisions.map((d) => ({
        studyId,
        trial: d.trial,
        kind: d.kind,
        fromArm: d.from ?? null,
        toArm: d.to,
        reason: d.reason,
        shares: d.shares as Prisma.InputJsonValue,
      })),
      skipDuplicates: true,
    });
  }

  /** The log in trial order. */
  async list(studyId: number): Promise<DecisionRow[]> {
    const rows = await this.db.strategyDecision.findMany({
      where: { studyId },
      orderBy: [{ trial: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => ({
      trial: r.trial,
      kind: r.kind,
      from: r.fromArm,
      to: r.toArm,
      reason: r.reason,
      shares: r.shares as Record<string, number>,
      createdAt: r.createdAt,
    }));
  }
}
