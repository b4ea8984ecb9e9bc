import type { QueueBackend } from "@rectune/queue";
import type { StudyReads } from "@rectune/store";
import { Router } from "express";

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);

/** `facts`: what /healthz says besides "ok" (whether the dashboard is built). */
export function healthRouter(
  store: Pick<StudyReads, "ping">,
  queue: Pick<QueueBackend, "ping">,
  facts: Record<string, string> = {},
): Router {
  const router = Router();
  // Liveness: the process answers.
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok", ...facts });
  });
  // Readiness: the study store and the queue answer.
  router.get("/readyz", async (_req, res) => {
    const check = async (p: Promise<void>) =>
      withTimeout(p, 5000).then(
        () => "ok",
        (e: unknown) => `error: ${e instanceof Error ? e.message : String(e)}`,
      );
    const [postgres, queueStatus] = await Promise.all([check(store.ping()), check(queue.ping())]);
    const ready = postgres === "ok" && queueStatus === "ok";
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? "ready" : "unavailable", checks: { postgres, queue: queueStatus } });
  });
  return router;
}
