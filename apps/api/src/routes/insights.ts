import {
  curvesQuerySchema as curvesQuery,
  importanceQuerySchema as importanceQuery,
  type CurvesJson,
  type ImportanceJson,
} from "@rectune/api-contract";
import { importance, selectCurves } from "@rectune/insights";
import { objectivesOf } from "@rectune/spec";
import type { StudyBrowse, StudyReads } from "@rectune/store";
import { Router } from "express";
import { parseOr400, studyIdOf } from "../params.js";
import { invalid } from "../problem.js";
import { tableJson } from "../table-json.js";
import { scopedStudy } from "../access/study-scope.js";

/**
 * What the study page's charts read: the whole study as columns (`/table`), hyperparameter importance
 * (`/importance`, fANOVA on the COMPLETE trials) and learning curves (`/curves`, selected and
 * downsampled here so that a 10,000-trial study sends a few hundred curves, not 10,000).
 */
export function insightsRouter(store: Pick<StudyReads, "study"> & StudyBrowse): Router {
  const router = Router();

  router.get("/:id/table", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const study = await scopedStudy(res);
    res.json(tableJson(study, await store.studyTable(id)));
  });

  router.get("/:id/importance", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const q = parseOr400(importanceQuery, req.query, "query");
    const study = await scopedStudy(res);
    const objectives = objectivesOf(study.spec);
    const objective = objectives[q.objective];
    if (!objective)
      throw invalid([{ field: "objective", message: `the study has ${objectives.length} objective(s)` }], "query");
    const scored = (await store.completedTrials(id)).flatMap((t) => {
      const value = t.values[q.objective];
      return value === undefined || !Number.isFinite(value) ? [] : [{ params: t.params, value }];
    });
    // Seeded by the study: the same trials give the same answer on every API process.
    const result = importance(study.spec.space, scored, { seed: study.spec.strategy.seed });
    const body: ImportanceJson = { studyId: id, objective: objective.metric, completed: scored.length, ...result };
    res.json(body);
  });

  router.get("/:id/curves", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const q = parseOr400(curvesQuery, req.query, "query");
    const study = await scopedStudy(res);
    const [first] = objectivesOf(study.spec);
    const curves = await store.trialCurves(id);
    const selection = selectCurves(
      curves.map((c) => ({
        number: c.number,
        state: c.state,
        value: c.value,
        points: c.steps.map((step, i) => [step, c.values[i]!] as const),
      })),
      { direction: first?.direction ?? "minimize", maxCurves: q.curves, maxPoints: q.points, include: q.include ?? [] },
    );
    const body: CurvesJson = {
      studyId: id,
      metric: first?.metric ?? "value",
      direction: first?.direction ?? "minimize",
      trials: selection.trials,
      curves: selection.curves.map((c) => ({
        ...c,
        state: c.state as CurvesJson["curves"][number]["state"],
        points: c.points.map(([x, y]) => [x, y]),
      })),
      bands: selection.bands,
    };
    res.json(body);
  });

  return router;
}
