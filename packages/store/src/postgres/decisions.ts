import type { StudyLedger } from "../contract/study-ledger.js";
import type { StudyReads } from "../contract/study-reads.js";
import type { Database } from "./database.js";

/** The strategy decision log: what the auto strategy decided for a study, when (at which trial) and why. */
export function postgresDecisions({
  db,
}: Database): Pick<StudyLedger, "recordDecisions"> & Pick<StudyReads, "decisions"> {
  return {
    async recordDecisions(studyId, decisions) {
      if (decisions.length === 0) return;
      await db.strategyDecision.createMany({
        data: decisions.map((d) => ({
          studyId,
          trial: d.trial,
          kind: d.kind,
          fromArm: d.from ?? null,
          toArm: d.to,
          reason: d.reason,
          shares: d.shares,
        })),
        skipDuplicates: true,
      });
    },

    async decisions(studyId) {
      const rows = await db.strategyDecision.findMany({
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
    },
  };
}
