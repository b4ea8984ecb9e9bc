import { parameterSplit, portfolioReport } from "@rectune/search";
import { FAMILY_PARAM, selectsFamily } from "@rectune/spec";
import type { StudyReads } from "@rectune/store";
import { Router } from "express";
import { studyIdOf } from "../params.js";
import { scopedStudy } from "../access/study-scope.js";

/**
 * `GET /v1/studies/:id/strategy`: how the study's strategy behaved — the configured sampler and
 * pruner, the decision log (the auto strategy's plan, warm start, sampler and pruner switches and
 * why), each sampler's share of the trials and contribution to the study's progress (rank credit,
 * improvements of the best) and each pruner's share of the trials and how many it pruned.
 */
export function strategyRouter(store: StudyReads): Router {
  const router = Router();
  router.get("/:id/strategy", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const study = await scopedStudy(res);
    const [decisions, history] = await Promise.all([store.decisions(id), store.history(id)]);
    const report = portfolioReport({ directions: study.directions, trials: history });
    res.json({
      studyId: id,
      sampler: study.spec.strategy.sampler,
      pruner: study.spec.strategy.pruner,
      warmStart: study.spec.strategy.warmStart ?? null,
      trials: report.trials,
      decisions: decisions.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
      samplers: report.samplers,
      pruners: report.pruners,
      // A study over several families: how the budget was split between them and what each brought.
      families:
        study.spec.target.kind === "recommender" && selectsFamily(study.spec.target)
          ? parameterSplit({ directions: study.directions, trials: history }, FAMILY_PARAM).map(
              ({ value, ...split }) => ({ family: value, ...split }),
            )
          : null,
    });
  });
  return router;
}
