import type { QueueBackend } from "@rectune/queue";
import type { Store } from "@rectune/store";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { notFoundHandler, problemHandler } from "./problem.js";
import { healthRouter } from "./routes/health.js";
import { strategyRouter } from "./routes/strategy.js";
import { studiesRouter } from "./routes/studies.js";

export interface AppDeps {
  readonly store: Store;
  readonly queue: QueueBackend;
  readonly logger: Logger;
}

/** The HTTP API, without listening: tests mount it on an ephemeral port. */
export function createApp({ store, queue, logger }: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(express.json({ limit: "1mb" }));
  app.use(healthRouter(store, queue));
  app.use("/v1/studies", studiesRouter(store));
  app.use("/v1/studies", strategyRouter(store));
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
