import { collectDefaultMetrics, metricsHandler, Registry, registerClusterGauges } from "@rectune/metrics";
import type { Accelerator } from "@rectune/spec";
import type { StudyBrowse, StudyReads } from "@rectune/store";
import { Router } from "express";

/** The most running studies counted: a cluster runs a handful at once. */
const STUDY_LIMIT = 500;

/**
 * `GET /metrics` (Prometheus): the capability queues' backlogs, the running studies' trials by state, live
 * workers by backend, and this process's Node.js metrics. Read from the queue and the store at each scrape.
 */
export function metricsRouter(
  store: Pick<StudyBrowse, "workerLoads" | "studyProgress"> & Pick<StudyReads, "studies">,
  backlog: () => Promise<Record<Accelerator, number>>,
  staleAfterMs: number,
): Router {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerClusterGauges(registry, {
    backlog,
    trialsByState: async () => {
      const running = await store.studies({ status: "RUNNING", limit: STUDY_LIMIT });
      const totals: Record<string, number> = {};
      for (const { counts } of (await store.studyProgress(running.map((s) => s.id))).values())
        for (const [state, n] of Object.entries(counts)) totals[state] = (totals[state] ?? 0) + n;
      return totals;
    },
    workersByBackend: async () => {
      const totals: Record<string, number> = {};
      for (const w of await store.workerLoads())
        if (w.silentForMs <= staleAfterMs) totals[w.backend] = (totals[w.backend] ?? 0) + 1;
      return totals;
    },
  });
  const render = metricsHandler(registry);
  const router = Router();
  router.get("/metrics", async (_req, res) => {
    const { contentType, body } = await render();
    res.type(contentType).send(body);
  });
  return router;
}
