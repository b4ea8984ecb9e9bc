import type { ParetoJson } from "@rectune/api-contract";
import { crowdingDistance, nondominatedSort } from "@rectune/search";
import { objectivesOf } from "@rectune/spec";
import type { StudyReads } from "@rectune/store";
import { Router } from "express";
import { studyIdOf } from "../params.js";
import { scopedStudy } from "../access/study-scope.js";

/**
 * `GET /v1/studies/:id/pareto`: every complete trial with its values, ranked by non-dominated front then
 * crowding distance (NSGA-II's order), and the front itself. A single-objective study's "front" is its
 * best trial(s).
 */
export function paretoRouter(store: StudyReads): Router {
  const router = Router();
  router.get("/:id/pareto", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const study = await scopedStudy(res);
    const complete = (await store.history(id)).filter(
      (t) => t.state === "COMPLETE" && t.values?.length === study.directions.length,
    );
    const minimized = complete.map((t) => t.values!.map((v, k) => (study.directions[k] === "maximize" ? -v : v)));
    const trials: ParetoJson["trials"] = [];
    nondominatedSort(minimized).forEach((front, rank) => {
      const crowd = crowdingDistance(minimized, front);
      for (const i of [...front].sort((a, b) => crowd.get(b)! - crowd.get(a)! || a - b)) {
        const t = complete[i]!;
        const c = crowd.get(i)!;
        trials.push({
          number: t.number,
          values: [...t.values!],
          params: t.params,
          rank,
          crowding: Number.isFinite(c) ? c : null,
        });
      }
    });
    res.json({
      studyId: id,
      objectives: objectivesOf(study.spec),
      front: trials.filter((t) => t.rank === 0).map((t) => t.number),
      trials,
    } satisfies ParetoJson);
  });
  return router;
}
