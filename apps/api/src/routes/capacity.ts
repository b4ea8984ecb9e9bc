import type { Accelerator } from "@rectune/spec";
import type { StudyBrowse, StudyReads } from "@rectune/store";
import { Router } from "express";
import { projectOf } from "../access/api-key-auth.js";
import { capacityOf } from "../capacity.js";

/** The most running studies looked at: a cluster runs a handful at once. */
const STUDY_LIMIT = 500;

/** `GET /v1/capacity`: per capability queue its backlog and live workers, and the studies no live worker serves. */
export function capacityRouter(
  store: Pick<StudyBrowse, "workerLoads"> & Pick<StudyReads, "studies">,
  backlog: () => Promise<Record<Accelerator, number>>,
  staleAfterMs: number,
): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    // Queues and workers are the cluster's; the unserved studies listed are the key's project's only.
    const [workers, running, queued] = await Promise.all([
      store.workerLoads(),
      store.studies({ projectId: projectOf(res), status: "RUNNING", limit: STUDY_LIMIT }),
      backlog(),
    ]);
    res.json(capacityOf(workers, running, queued, staleAfterMs));
  });
  return router;
}
