import type { IncomingMessage, ServerResponse } from "node:http";
import { LeaderboardCache } from "@rectune/leaderboard";
import type { QueueBackend } from "@rectune/queue";
import type { StudyControl, StudyReads } from "@rectune/store";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { leaderboardFastPath } from "./leaderboard-http.js";
import { notFoundHandler, problemHandler } from "./problem.js";
import { healthRouter } from "./routes/health.js";
import { strategyRouter } from "./routes/strategy.js";
import { studiesRouter } from "./routes/studies.js";
import { workersRouter } from "./routes/workers.js";
import { leaderboardJson } from "./serialize.js";

export interface AppDeps {
  readonly store: StudyReads & StudyControl;
  readonly queue: Pick<QueueBackend, "ping">;
  readonly logger: Logger;
}

/**
 * What the server runs: the leaderboard's fast path (the hottest read, polled by dashboards and
 * scripts), then Express for everything else; both answer leaderboards from one cache.
 */
export function createRequestListener({
  store,
  queue,
  logger,
}: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const leaderboards = new LeaderboardCache({ reads: store, render: leaderboardJson });
  const app = createApp({ store, queue, logger }, leaderboards);
  const fast = leaderboardFastPath(leaderboards, (req, res) => void app(req, res));
  return (req, res) => {
    if (!fast(req, res)) void app(req, res);
  };
}

function createApp({ store, queue, logger }: AppDeps, leaderboards: LeaderboardCache): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(express.json({ limit: "1mb" }));
  app.use(healthRouter(store, queue));
  app.use("/v1/studies", studiesRouter(store, leaderboards));
  app.use("/v1/studies", strategyRouter(store));
  app.use("/v1/workers", workersRouter(store));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
