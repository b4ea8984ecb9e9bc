import type { StudyReads } from "@rectune/store";
import { Router } from "express";
import { workerJson } from "../serialize.js";

/** `GET /v1/workers`: the registered workers (host, pid, compute backend, concurrency), most recently seen first. */
export function workersRouter(store: Pick<StudyReads, "workers">): Router {
  const router = Router();
  router.get("/", async (_req, res) => {
    res.json({ workers: (await store.workers()).map(workerJson) });
  });
  return router;
}
