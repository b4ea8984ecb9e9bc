import {
  recommendationRequestSchema,
  servingQuerySchema as servingQuery,
  type ModelDownloadJson,
  type RecommendationsJson,
} from "@rectune/api-contract";
import type { ChampionModels } from "@rectune/serving";
import { trialFamily } from "@rectune/spec";
import type { ChampionReads, StudyReads } from "@rectune/store";
import { Router } from "express";
import { parseOr400, studyIdOf } from "../params.js";
import { HttpProblem } from "../problem.js";
import { scopedStudy } from "../access/study-scope.js";

/**
 * The champion in production: top-K recommendations from its refitted model (loaded once per process,
 * replaced when the champion changes), or a chosen trial's with `?trial=`; and the model itself.
 */
export function championRouter(store: StudyReads & ChampionReads, models: ChampionModels): Router {
  const router = Router();

  router.post("/:id/recommendations", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const q = parseOr400(servingQuery, req.query, "query");
    const body = parseOr400(recommendationRequestSchema, req.body, "body");
    const answer = await models.recommend(id, { ...body, ...(q.trial === undefined ? {} : { trial: q.trial }) });
    res.json({ study: id, ...answer } satisfies RecommendationsJson);
  });

  router.get("/:id/model", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const [study, champion] = await Promise.all([scopedStudy(res), store.champion(id)]);
    if (!champion || champion.state !== "COMPLETE" || study.spec.target.kind !== "recommender")
      throw new HttpProblem(409, "no-champion", "No champion", "the study has no refitted champion yet", [
        { field: "study", message: "no refitted champion yet" },
      ]);
    const [weights, served] = await Promise.all([store.championWeights(id), models.served(id)]);
    const family = trialFamily(study.spec.target, champion.params);
    // The recommender code is loaded with the first model served, not with the API.
    const model = weights && (await import("@rectune/recsys")).modelWeights(weights.data);
    res.json({
      study: id,
      trial: champion.trialNumber,
      family: family.model,
      params: family.params,
      epochs: champion.refit?.epochs ?? champion.epochs,
      format: "tfjs-weights",
      weights: model && {
        weightsManifest: [{ paths: ["weightData"], weights: model.specs.map((s) => ({ ...s, shape: [...s.shape] })) }],
        weightData: Buffer.from(model.data).toString("base64"),
      },
      userIds: served.userIds,
      itemIds: served.itemIds,
    } satisfies ModelDownloadJson);
  });

  return router;
}
