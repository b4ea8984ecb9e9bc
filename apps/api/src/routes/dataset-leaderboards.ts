import { datasetLeaderboardQuerySchema as query, type DatasetLeaderboardJson } from "@rectune/api-contract";
import { trialFamily } from "@rectune/spec";
import type { ChampionReads } from "@rectune/store";
import { Router } from "express";
import { projectOf } from "../access/api-key-auth.js";
import { parseOr400 } from "../params.js";

/**
 * `GET /v1/leaderboards?dataset=<fingerprint>&metric=ndcg@10`: every study's refitted champion on the same
 * data, best test figure first: which model and strategy win on it. Only the caller's project's studies.
 */
export function datasetLeaderboardsRouter(store: Pick<ChampionReads, "championsOn">): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    const q = parseOr400(query, req.query, "query");
    const champions = (await store.championsOn(q.dataset, projectOf(res)))
      .map((c) => ({ c, test: c.testMetrics?.[q.metric] }))
      .filter((e): e is { c: (typeof e)["c"]; test: number } => e.test !== undefined)
      .sort((a, b) => b.test - a.test || a.c.studyId - b.c.studyId);
    res.json({
      dataset: q.dataset,
      metric: q.metric,
      champions: champions.map(({ c, test }, i) => ({
        rank: i + 1,
        study: c.studyId,
        name: c.studyName,
        family: c.spec.target.kind === "recommender" ? trialFamily(c.spec.target, c.params).model : "function",
        strategy: { sampler: c.spec.strategy.sampler.name, pruner: c.spec.strategy.pruner.name },
        trial: c.trialNumber,
        params: c.params,
        test,
        validation: c.values,
      })),
    } satisfies DatasetLeaderboardJson);
  });
  return router;
}
