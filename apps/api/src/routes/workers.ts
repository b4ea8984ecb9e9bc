import type { WorkersJson } from "@rectune/api-contract";
import type { StudyBrowse, StudyReads } from "@rectune/store";
import { Router } from "express";
import { projectOf } from "../access/api-key-auth.js";
import { workerJson } from "../serialize.js";

/** A project's running studies read to filter the workers' trials (more than any cluster runs at once). */
const MAX_LISTED_RUNNING = 10_000;

/**
 * `GET /v1/workers`: the registered workers (host, pid, compute backend, concurrency), most recently seen
 * first, each with the trials it runs and whether it is live (heart-beat within `staleAfterMs`).
 */
export function workersRouter(
  store: Pick<StudyBrowse, "workerLoads"> & Pick<StudyReads, "studies">,
  staleAfterMs: number,
): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const loads = await store.workerLoads();
    // Workers are the cluster's, shared by every project; the trials they run are shown to their project only.
    const projectId = projectOf(res);
    const own =
      projectId === undefined
        ? undefined
        : new Set((await store.studies({ projectId, status: "RUNNING", limit: MAX_LISTED_RUNNING })).map((s) => s.id));
    const body: WorkersJson = {
      staleAfterMs,
      workers: loads.map((w) =>
        workerJson(own ? { ...w, running: w.running.filter((r) => own.has(r.studyId)) } : w, staleAfterMs),
      ),
    };
    res.json(body);
  });
  return router;
}
