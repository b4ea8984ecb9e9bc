import type { TrialDetailJson } from "@rectune/api-contract";
import type { StudyBrowse, StudyReads } from "@rectune/store";
import { Router } from "express";
import { studyIdOf, trialNumberOf } from "../params.js";
import { trialJson, workerJson } from "../serialize.js";

/** `GET /v1/studies/:id/trials/:number`: one trial, every step it reported with its attempt, its worker. */
export function trialRouter(
  store: Pick<StudyReads, "study" | "trial"> & Pick<StudyBrowse, "trialSteps" | "workerLoads">,
  staleAfterMs: number,
): Router {
  const router = Router();
  router.get("/v1/studies/:id/trials/:number", async (req, res) => {
    const id = studyIdOf(req.params.id);
    const number = trialNumberOf(req.params.number);
    const [trial, steps] = await Promise.all([store.trial(id, number), store.trialSteps(id, number)]);
    const worker = trial.workerId ? (await store.workerLoads()).find((w) => w.id === trial.workerId) : undefined;
    const body: TrialDetailJson = {
      studyId: id,
      trial: trialJson(trial),
      steps: steps.map((s) => ({ ...s, at: s.at.toISOString() })),
      worker: worker ? workerJson(worker, staleAfterMs) : null,
    };
    res.json(body);
  });
  return router;
}
