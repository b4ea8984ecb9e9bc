import type { Direction, PastTrial } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import type { PrismaClient } from "./generated/prisma/client.ts";

/**
 * What makes two studies comparable for warm start: the same data set and model family (recommender
 * targets), or the same function. Compared as JSON of the spec's target.
 */
export function warmStartKey(spec: StudySpec): { kind: string; family: unknown; dataset: unknown } {
  const t = spec.target;
  return t.kind === "recommender"
    ? { kind: t.kind, family: t.model, dataset: t.dataset }
    : { kind: t.kind, family: t.name, dataset: null };
}

/** Reads the finished trials of earlier studies that a new study may start from. */
export class WarmStartRepository {
  constructor(private readonly db: PrismaClient) {}

  /**
   * The `perStudy` best COMPLETE trials of each source study: the listed ids, or ("auto") every
   * COMPLETED study other than `studyId` with the same target family and data set. Ranked in each
   * study's own first direction.
   */
  async pastTrials(
    studyId: number,
    spec: StudySpec,
    from: "auto" | readonly number[],
    perStudy: number,
  ): Promise<PastTrial[]> {
    const key = JSON.stringify(warmStartKey(spec));
    const candidates = await this.db.study.findMany({
      where: from === "auto" ? { status: "COMPLETED", id: { not: studyId } } : { id: { in: [...from] } },
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
      const rows = await this.db.trial.findMany({
        where: { studyId: s.id, state: "COMPLETE", value: { not: null } },
        select: { number: true, params: true, value: true },
        orderBy: [{ value: direction === "maximize" ? "desc" : "asc" }, { number: "asc" }],
        take: perStudy,
      });
      for (const r of rows)
        out.push({
          studyId: s.id,
          number: r.number,
          params: r.params as PastTrial["params"],
          value: r.value!,
          direction,
        });
    }
    return out;
  }
}
