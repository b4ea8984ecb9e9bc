import type { TrialDetailJson, WorkerJson } from "@rectune/api-contract";
import type { Store, WorkerRow } from "@rectune/store";
import { Router } from "express";
import { z } from "zod";
import { idParam, parseOr400 } from "../params.js";
import { trialJson } from "../serialize.js";

const numberParam = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export function workerJson(w: WorkerRow, staleAfterMs: number): WorkerJson {
  return {
    id: w.id,
    host: w.host,
    pid: w.pid,
    backend: w.backend,
    concurrency: w.concurrency,
    startedAt: w.startedAt.toISOString(),
    lastSeenAt: w.lastSeenAt.toISOString(),
    silentForMs: Math.max(0, Math.round(w.silentForMs)),
    live: w.silentForMs <= staleAfterMs,
    running: w.running,
  };
}

/**
 * `GET /v1/studies/:id/trials/:number` (one trial: params, every metric, each reported step with its
 * attempt, the worker) and `GET /v1/workers` (registered workers, live or not, and what they run).
 */
export function trialRouter(store: Store, staleAfterMs: number): Router {
  const router = Router();
  router.get("/v1/studies/:id/trials/:number", async (req, res) => {
    const id = parseOr400(idParam, req.params.id, "id");
    const number = parseOr400(numberParam, req.params.number, "number");
    await store.studies.get(id);
    const { trial, steps } = await store.browse.trial(id, number);
    const worker = trial.workerId ? (await store.browse.workers()).find((w) => w.id === trial.workerId) : undefined;
    const body: TrialDetailJson = {
      studyId: id,
      trial: trialJson(trial),
      steps: steps.map((s) => ({ ...s, at: s.at.toISOString() })),
      worker: worker ? workerJson(worker, staleAfterMs) : null,
    };
    res.json(body);
  });

  router.get("/v1/workers", async (_req, res) => {
    const workers = await store.browse.workers();
    res.json({ staleAfterMs, workers: workers.map((w) => workerJson(w, staleAfterMs)) });
  });
  return router;
}
