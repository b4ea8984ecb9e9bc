import {
  leaderboardQuerySchema as leaderboardQuery,
  studyListQuerySchema as listQuery,
  studyPatchSchema,
  trialPageQuerySchema as trialsQuery,
} from "@rectune/api-contract";
import type { LeaderboardCache } from "@rectune/leaderboard";
import { deprecationsOf, parseStudySpec, readStudySpecText, targetProblems } from "@rectune/spec";
import type { ChampionReads, StudyBrowse, StudyControl, StudyReads } from "@rectune/store";
import { confineDataset } from "@rectune/data-roots";
import { Router } from "express";
import { projectOf } from "../access/api-key-auth.js";
import { idempotencyOf } from "../idempotency.js";
import { invalid } from "../problem.js";
import { familyProblems, targetHyperparameters } from "../target-hyperparameters.js";
import { sendLeaderboard, wantsFresh } from "../leaderboard-http.js";
import { checkModuleTarget } from "../module-check.js";
import { parseOr400, studyIdOf } from "../params.js";
import { progressJson, studyJson, summaryJson, trialJson } from "../serialize.js";

export function studiesRouter(
  store: StudyReads & StudyControl & Pick<StudyBrowse, "studyProgress"> & Pick<ChampionReads, "champion">,
  leaderboards: LeaderboardCache,
  dataRoots: readonly string[],
  staleAfterMs: number,
): Router {
  const router = Router();

  router.post("/", async (req, res) => {
    // Validation happens before anything is written: a refused spec stores nothing. A YAML (or JSON)
    // text body (Content-Type application/yaml) is parsed as `rectune submit` parses a file, so its
    // errors (and warnings) carry the line of the offending node.
    const { spec, warnings: deprecations } =
      typeof req.body === "string"
        ? readStudySpecText(req.body, "body")
        : { spec: parseStudySpec(req.body), warnings: deprecationsOf(req.body) };
    // Every hyperparameter the target takes, the required ones there, sizes a worker can hold; in a study
    // over several families, each parameter belongs to the families it is conditioned on.
    const problems = [
      ...targetProblems(spec, await targetHyperparameters(spec.target)),
      ...(await familyProblems(spec)),
    ];
    if (problems.length > 0) throw invalid(problems);
    // A data file outside the data roots is refused here, before it is stored or read (400 naming the roots).
    if (spec.target.kind === "recommender") await confineDataset(spec.target.dataset, dataRoots);
    // A module's study is checked against the schema a live worker announced for it.
    const warnings = [...deprecations, ...(await checkModuleTarget(store, spec, staleAfterMs))];
    const projectId = projectOf(res);
    const idempotency = idempotencyOf(req);
    const study = await store.createStudy(spec, {
      ...(projectId === undefined ? {} : { projectId }),
      ...(idempotency ? { idempotency } : {}),
    });
    // Accepted, but said the deprecated way: the answer says what to write instead.
    res
      .status(201)
      .location(`/v1/studies/${study.id}`)
      .json({ ...studyJson(study), ...(warnings.length > 0 ? { warnings } : {}) });
  });

  router.get("/", async (req, res) => {
    const q = parseOr400(listQuery, req.query, "query");
    const projectId = projectOf(res);
    const studies = await store.studies(projectId === undefined ? q : { ...q, projectId });
    const progress = await store.studyProgress(studies.map((s) => s.id));
    const last = studies.at(-1);
    res.json({
      studies: studies.map((s) => ({ ...studyJson(s), progress: progressJson(s, progress.get(s.id)!) })),
      next:
        studies.length === q.limit && last
          ? `/v1/studies?${new URLSearchParams({ ...(q.status ? { status: q.status } : {}), ...(q.name ? { name: q.name } : {}), before: String(last.id), limit: String(q.limit) })}`
          : null,
    });
  });

  router.get("/:id", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const [summary, champion] = await Promise.all([store.studySummary(id), store.champion(id)]);
    res.json(summaryJson(summary, champion));
  });

  // The budget of a running (or stopped, or completed) study: the scheduler, or the next ask, goes on to it.
  router.patch("/:id", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const { maxTrials } = parseOr400(studyPatchSchema, req.body, "body");
    res.json(studyJson(await store.setMaxTrials(id, maxTrials)));
  });

  router.get("/:id/trials", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const q = parseOr400(trialsQuery, req.query, "query");
    const page = await store.trialPage(id, q);
    res.json({ total: page.total, offset: q.offset, limit: q.limit, trials: page.trials.map(trialJson) });
  });

  router.get("/:id/leaderboard", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const q = parseOr400(leaderboardQuery, req.query, "query");
    sendLeaderboard(req, res, await leaderboards.answer(id, q.limit, wantsFresh(req)));
  });

  router.post("/:id/stop", async (req, res) => {
    const id = studyIdOf(req.params.id);
    res.json(studyJson(await store.stopStudy(id)));
  });

  return router;
}
