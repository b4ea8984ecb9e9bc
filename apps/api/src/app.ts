import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueBackend } from "@rectune/queue";
import type { Store } from "@rectune/store";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { leaderboardFastPath, LeaderboardResponder } from "./leaderboard.js";
import { notFoundHandler, problemHandler } from "./problem.js";
import { healthRouter } from "./routes/health.js";
import { strategyRouter } from "./routes/strategy.js";
import { studiesRouter } from "./routes/studies.js";

export interface AppDeps {
  readonly store: Store;
  readonly queue: QueueBackend;
  readonly logger: Logger;
  /** Shared with the fast path, so both answer from the same rounds. */
  readonly leaderboard?: LeaderboardResponder;
}

/** The HTTP API, without listening: tests mount it on an ephemeral port. */
export function createApp({ store, queue, logger, leaderboard = new LeaderboardResponder(store) }: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(express.json({ limit: "1mb" }));
  app.use(healthRouter(store, queue));
  app.use("/v1/studies", studiesRouter(store, leaderboard));
  app.use("/v1/studies", strategyRouter(store));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}

/**
 * What the server runs: the leaderboard's fast path (the hottest read, polled by dashboards and
 * scripts), then Express for everything else.
 */
export function createRequestListener(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const leaderboard = deps.leaderboard ?? new LeaderboardResponder(deps.store);
  const app = createApp({ ...deps, leaderboard });
  const fast = leaderboardFastPath(leaderboard, (req, res) => void app(req, res));
  return (req, res) => {
    if (!fast(req, res)) void app(req, res);
  };
}
