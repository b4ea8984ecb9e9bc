import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { dataRootsOf, parseEnv, requireDatabaseUrl } from "@rectune/config";
import { chooseQueueConnection, createQueueBackend, TrialQueue } from "@rectune/queue";
import { createPostgresStore } from "@rectune/store";
import { pino } from "pino";
import { refuseOpenAuth } from "./access/open-auth.js";
import { createRequestListener } from "./app.js";

const env = parseEnv(process.env);
// An API key must never reach a log line, whatever a log call is handed (a request, its headers).
const logger = pino({
  name: "api",
  level: env.RECTUNE_LOG_LEVEL,
  redact: {
    paths: ["authorization", "*.authorization", "headers.authorization", "*.headers.authorization"],
    censor: "[redacted]",
  },
});
// Without keys, whoever reaches the port controls the cluster: that is only this machine's users.
const authProblem = refuseOpenAuth(env.RECTUNE_AUTH, env.RECTUNE_API_HOST);
if (authProblem) {
  logger.fatal(authProblem);
  process.stderr.write(`${authProblem}\n`);
  process.exit(1);
}

if (cluster.isPrimary && env.RECTUNE_API_PROCESSES > 1) {
  // Several API processes on one port (node:cluster hands each connection to one of them): one Node
  // process answers on one core, and the API holds no state that they would need to share.
  runPrimary(env.RECTUNE_API_PROCESSES);
} else {
  serve();
}

function serve(): void {
  const databaseUrl = requireDatabaseUrl(env);
  const store = createPostgresStore(databaseUrl, { poolSize: 16 });
  // Redis when REDIS_URL is set (cluster mode), else the queue shares the study database.
  const queue = createQueueBackend(
    chooseQueueConnection({ redisUrl: env.REDIS_URL, databaseUrl, namespace: env.RECTUNE_QUEUE_PREFIX }),
    (source, err) => logger.warn({ source, err: err.message }, "queue error"),
  );
  const trialQueue = new TrialQueue(queue);
  const dashboardDir = env.RECTUNE_DASHBOARD_DIR ?? fileURLToPath(new URL("../../dashboard/dist", import.meta.url));
  const server = createServer(
    createRequestListener({
      store,
      queue,
      logger,
      dashboardDir,
      staleAfterMs: env.RECTUNE_STALE_AFTER_MS,
      auth: env.RECTUNE_AUTH,
      dataRoots: dataRootsOf(env),
      backlog: () => trialQueue.backlog(),
      cacheDir: env.RECTUNE_CACHE_DIR,
    }),
  );
  if (cluster.isPrimary)
    logger.info(
      { dashboardDir, built: existsSync(`${dashboardDir}/index.html`) },
      existsSync(`${dashboardDir}/index.html`)
        ? "dashboard served at /"
        : "dashboard not built (npm run build -w @rectune/dashboard): / says so",
    );
  // Leaderboard answers are kept in memory only while the store delivers changes (@rectune/leaderboard).
  let feedWasLive = false;
  store.watchLeaderboards({
    changed: () => {},
    listening: (on) => {
      if (on) logger.debug("leaderboard feed listening: answers are kept until their study changes");
      else if (feedWasLive)
        logger.warn(
          "leaderboard feed lost its connection: every leaderboard read queries the database until it is back",
        );
      feedWasLive = on;
    },
  });
  // Many clients keep their connections open between polls; Node's 5 s default would close them often.
  server.keepAliveTimeout = 65_000;
  server.listen(env.RECTUNE_API_PORT, env.RECTUNE_API_HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.RECTUNE_API_PORT;
    // The CLI's `up` reads this line to learn the port when it asked for an ephemeral one; a clustered
    // API's processes stay quiet and their primary says it once, when all of them listen.
    if (cluster.isPrimary) logger.info({ port, host: env.RECTUNE_API_HOST }, "api listening");
  });

  async function shutdown(): Promise<void> {
    server.close();
    await trialQueue.close();
    await queue.close();
    await store.close();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
}

function runPrimary(processes: number): void {
  let listening = 0;
  let stopping = false;
  // Every worker listens on the same port, an ephemeral one (port 0) included: the primary holds it.
  cluster.on("listening", (_worker, address) => {
    if (++listening === processes)
      logger.info({ port: address.port, host: env.RECTUNE_API_HOST, processes }, "api listening");
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A crashed API process is replaced; requests in flight on it fail, the others go on.
    logger.error({ pid: worker.process.pid, code, signal }, "api process exited; starting another");
    cluster.fork();
  });
  for (let i = 0; i < processes; i++) cluster.fork();
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
