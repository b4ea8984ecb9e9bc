import type { WorkersJson } from "@rectune/api-contract";
import type { StudyBrowse } from "@rectune/store";
import { Router } from "express";
import { workerJson } from "../serialize.js";

/**
 * `GET /v1/workers`: the registered workers (host, pid, compute backend, concurrency), most recently seen
 * first, each with the trials it runs and whether it is live (heart-beat within `staleAfterMs`).
 */
export function workersRouter(store: Pick<StudyBrowse, "workerLoads">, staleAfterMs: number): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    const body: WorkersJson = {
      staleAfterMs,
      workers: (await store.workerLoads()).map((w) => workerJson(w, staleAfterMs)),
    };
    res.json(body);
  });
  return router;
}
