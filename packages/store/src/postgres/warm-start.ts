import type { Direction, PastTrial } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import { warmStartKey } from "../contract/warm-start-key.js";
import type { StudyLedger } from "../contract/study-ledger.js";
import type { Database } from "./database.js";

/** Reads the finished trials of earlier studies that a new study may start from. */
export function postgresWarmStart({ db }: Database): Pick<StudyLedger, "warmStartTrials"> {
  return {
    async warmStartTrials(studyId, spec, from, perStudy) {
      const key = JSON.stringify(warmStartKey(spec));
      // Only the study's own project: another team's results are not this one's to learn from.
      const own = await db.study.findUnique({ where: { id: studyId }, select: { projectId: true } });
      if (!own) return [];
      const candidates = await db.study.findMany({
        where:
          from === "auto"
            ? { status: "COMPLETED", id: { not: studyId }, projectId: own.projectId }
            : { id: { in: [...from] }, projectId: own.projectId },
        select: { id: true, spec: true, directions: true },
        orderBy: { id: "asc" },
      });
      const sources =
        from === "auto"
          ? candidates.filter((s) => JSON.stringify(warmStartKey(s.spec as StudySpec)) === key)
          : candidates;
      const out: PastTrial[] = [];
      for (const s of sources) {
        const direction = (s.directions[0] ?? "minimize") as Direction;
        const rows = await db.trial.findMany({
          where: { studyId: s.id, state: "COMPLETE", value: { not: null } },
          select: { number: true, params: true, value: true },
          orderBy: [{ value: direction === "maximize" ? "desc" : "asc" }, { number: "asc" }],
          take: perStudy,
        });
        for (const r of rows)
          if (r.value !== null)
            out.push({
              studyId: s.id,
              number: r.number,
              params: r.params as PastTrial["params"],
              value: r.value,
              direction,
            });
      }
      return out;
    },
  };
}
