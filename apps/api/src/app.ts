import type { IncomingMessage, ServerResponse } from "node:http";
import { LeaderboardCache } from "@rectune/leaderboard";
import { LiveHub } from "@rectune/live";
import type { QueueBackend } from "@rectune/queue";
import { AskTell, type AskTellStore } from "@rectune/ask-tell";
import type { Accelerator } from "@rectune/spec";
import { createAuthenticator } from "@rectune/access";
import { ChampionModels } from "@rectune/serving";
import type { Tf } from "@rectune/tfjs-backend";
import type { AccessControl } from "@rectune/store";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { apiKeyAuth, type AuthMode, type CallerCheck, callerCheck } from "./access/api-key-auth.js";
import { StudyAccess, studyScope } from "./access/study-scope.js";
import { refuseOtherMethods } from "./allowed-methods.js";
import { compress } from "./compress.js";
import { askTellFastPath } from "./ask-tell-http.js";
import { leaderboardFastPath } from "./leaderboard-http.js";
import { liveReader } from "./live-reader.js";
import { notFoundHandler, problemHandler } from "./problem.js";
import { championRouter } from "./routes/champion.js";
import { datasetLeaderboardsRouter } from "./routes/dataset-leaderboards.js";
import { paretoRouter } from "./routes/pareto.js";
import { jsonBody, refuseUnstorableText, requireKnownBodyType } from "./request-guards.js";
import { logRequest } from "./request-log.js";
import { dashboardRouter } from "./routes/dashboard.js";
import { eventsRouter } from "./routes/events.js";
import { askTellRouter } from "./routes/ask-tell.js";
import { healthRouter } from "./routes/health.js";
import { insightsRouter } from "./routes/insights.js";
import { openApiRouter } from "./routes/openapi.js";
import { resumeRouter } from "./routes/resume.js";
import { strategyRouter } from "./routes/strategy.js";
import { studiesRouter } from "./routes/studies.js";
import { trialRouter } from "./routes/trial.js";
import { workersRouter } from "./routes/workers.js";
import { capacityRouter } from "./routes/capacity.js";
import { metricsRouter } from "./routes/metrics.js";
import { leaderboardJson } from "./serialize.js";
import type { EtagOf } from "./write-json.js";

/** The cluster's stale-trial window when none is given: a worker silent for longer is shown as not live. */
const STALE_AFTER_MS = 15_000;

export interface AppDeps {
  /** Reads and control for users, keys and projects; the ledger and lease parts for ask/tell clients' trials. */
  readonly store: AskTellStore & AccessControl;
  readonly queue: Pick<QueueBackend, "ping">;
  readonly logger: Logger;
  /** Where the dashboard's built files are (served at `/` when present). */
  readonly dashboardDir?: string;
  /** The cluster's stale-trial window: a worker silent for longer is shown as not live. */
  readonly staleAfterMs?: number;
  /** Jobs waiting on each capability queue (`GET /v1/capacity`, `GET /metrics`); none: neither is served. */
  readonly backlog?: () => Promise<Record<Accelerator, number>>;
  /** API keys on every /v1 route (`keys`, the default), or none (`off`, loopback only: see main.ts). */
  readonly auth?: AuthMode;
  /** The folders a study's data files must lie in (RECTUNE_DATA_ROOTS). */
  readonly dataRoots?: readonly string[];
  /** Where prepared data sets are cached (the served models read their data set from it). */
  readonly cacheDir?: string;
  /** The clock ask/tell leases are reported in (tests); Date.now when absent. */
  readonly now?: () => number;
}

/** What Express and the fast paths share in one process: caches, the key check, the ask/tell state. */
export interface SharedState {
  readonly leaderboards: LeaderboardCache;
  /** One key check per process (its short memory saves a query a request). */
  readonly check: CallerCheck;
  /** Each study's project, remembered: the project check of a trial route costs no query once warm. */
  readonly access: StudyAccess;
  /**
   * The process's one AskTell: the trials it handed out and its per-study order. An ask/tell client's
   * lease lasts as long as a worker's silence is tolerated: the same reaper ends both.
   */
  readonly asks: AskTell;
}

export function sharedState({ store, auth = "keys", staleAfterMs = STALE_AFTER_MS, now }: AppDeps): SharedState {
  return {
    leaderboards: new LeaderboardCache({ reads: store, render: leaderboardJson }),
    check: callerCheck(createAuthenticator(store), auth),
    access: new StudyAccess(store),
    asks: new AskTell({ store, leaseMs: staleAfterMs, ...(now ? { now } : {}) }),
  };
}

/**
 * What the server runs: the fast paths of the hottest requests (the leaderboard, polled by dashboards
 * and scripts; ask/tell, a training client's every request), then Express for everything else; both
 * answer from the same caches and state.
 */
export function createRequestListener(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const shared = sharedState(deps);
  const { leaderboards, check, access } = shared;
  const app = createApp(deps, shared);
  // With keys, the fast path serves a leaderboard only to a key of the study's project.
  const admit =
    (deps.auth ?? "keys") === "keys"
      ? async (req: IncomingMessage, studyId: number) => {
          await access.check(await check("GET", req.url!.slice("/v1".length), req.headers.authorization), studyId);
          return true;
        }
      : undefined;
  const leaderboard = leaderboardFastPath(leaderboards, (req, res) => void app(req, res), admit);
  const askTell = askTellFastPath({ ...shared, logger: deps.logger, etagOf: app.get("etag fn") as EtagOf });
  return (req, res) => {
    if (!leaderboard(req, res) && !askTell(req, res)) void app(req, res);
  };
}

/** The Express app alone (the OpenAPI test walks its routes). */
export function createApp(deps: AppDeps, shared: SharedState = sharedState(deps)): Express {
  const {
    store,
    queue,
    logger,
    dashboardDir,
    staleAfterMs = STALE_AFTER_MS,
    dataRoots = [],
    backlog,
    cacheDir = ".rectune/cache",
  } = deps;
  const { leaderboards, check, access, asks } = shared;
  const app = express();
  // One hub per process: the store's one LISTEN connection, fanned out to every event stream.
  const live = new LiveHub({ watch: (watcher) => store.watchStudies(watcher) }, liveReader(store), {
    onError: (err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, "live event read failed"),
  });
  const dashboard = dashboardDir ? dashboardRouter(dashboardDir) : undefined;
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(compress);
  app.use((req, _res, next) => {
    logRequest(logger, req);
    next();
  });
  app.use(refuseOtherMethods);
  app.use("/v1", requireKnownBodyType);
  app.use(jsonBody);
  // A study spec may also come as the YAML (or JSON) text of a file, parsed like `rectune submit` does.
  app.use(express.text({ type: ["application/yaml", "application/x-yaml", "text/yaml"], limit: "1mb" }));
  app.use(refuseUnstorableText);
  // The API's description is public, like the health checks.
  app.use(openApiRouter());
  app.use(healthRouter(store, queue, { dashboard: dashboard?.built ? "built" : "not built" }));
  // Everything under /v1 needs a key; a study's routes only see the key's project's studies.
  app.use("/v1", apiKeyAuth(check));
  app.use("/v1/studies/:id", studyScope(access));
  app.use("/v1/studies", studiesRouter(store, leaderboards, dataRoots, staleAfterMs));
  app.use("/v1/studies", strategyRouter(store));
  app.use("/v1/studies", insightsRouter(store));
  app.use("/v1/studies", resumeRouter(store));
  // TensorFlow.js (and the recommender code) is loaded with the first model served, not at start.
  let tf: Promise<{ tf: Tf }> | undefined;
  const models = new ChampionModels({
    reads: store,
    cacheDir,
    dataRoots,
    tf: async () => (await (tf ??= import("@rectune/tfjs-backend").then((m) => m.loadTensorflow()))).tf,
  });
  app.use("/v1/studies", championRouter(store, models));
  app.use("/v1/studies", paretoRouter(store));
  app.use("/v1/leaderboards", datasetLeaderboardsRouter(store));
  app.use("/v1/workers", workersRouter(store, staleAfterMs));
  // Asks and enqueues are study routes (scoped above); a trial's report, heartbeat and tell check its study's project.
  app.use(askTellRouter(asks, access));
  if (backlog) {
    app.use("/v1/capacity", capacityRouter(store, backlog, staleAfterMs));
    app.use(metricsRouter(store, backlog, staleAfterMs));
  }
  app.use(trialRouter(store, staleAfterMs));
  app.use(eventsRouter(live, access));
  if (dashboard) app.use(dashboard.router);
  app.use(notFoundHandler);
  app.use(problemHandler(logger));
  return app;
}
