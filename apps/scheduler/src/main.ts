import { parseEnv, requireDatabaseUrl } from "@rectune/config";
import { chooseQueueConnection, createQueueBackend, TrialQueue } from "@rectune/queue";
import { SchedulerLoop } from "@rectune/scheduling";
import { createPostgresStore } from "@rectune/store";
import { collectDefaultMetrics, Registry, schedulerPassHistogram, serveMetrics } from "@rectune/metrics";
import { pino } from "pino";

const env = parseEnv(process.env);
const logger = pino({ name: "scheduler", level: env.RECTUNE_LOG_LEVEL });
const databaseUrl = requireDatabaseUrl(env);
const store = createPostgresStore(databaseUrl, { poolSize: 4 });
// Redis when REDIS_URL is set (cluster mode), else the queue shares the study database.
const backend = createQueueBackend(
  chooseQueueConnection({ redisUrl: env.REDIS_URL, databaseUrl, namespace: env.RECTUNE_QUEUE_PREFIX }),
);
const queue = new TrialQueue(backend);

// Served from the start: a standby scheduler waiting for the lock answers its liveness probe too.
const metrics = new Registry();
collectDefaultMetrics({ register: metrics });
const passSeconds = schedulerPassHistogram(metrics);
if (env.RECTUNE_METRICS_PORT !== undefined) {
  const { port } = await serveMetrics(metrics, env.RECTUNE_METRICS_PORT, env.RECTUNE_METRICS_HOST);
  logger.info({ port }, "metrics at /metrics");
}

// One scheduler per cluster: a second one waits here as a standby until the first one's session ends.
logger.info("waiting for the scheduler lock");
const lock = await store.acquireSchedulerLock();
const loop = new SchedulerLoop({
  ledger: store,
  queue,
  logger,
  tickMs: env.RECTUNE_SCHEDULER_TICK_MS,
  staleAfterMs: env.RECTUNE_STALE_AFTER_MS,
  onPass: (seconds) => passSeconds.observe(seconds),
});
loop.start();
logger.info({ queue: backend.kind }, "scheduler running");

let stopping = false;
void lock.lost.then((err) => {
  if (stopping) return;
  // Without the lock another scheduler may take over: stop at once rather than schedule twice.
  logger.fatal({ err: err.message }, "lost the scheduler lock");
  process.exit(1);
});

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  await loop.stop();
  await lock.release();
  await queue.close();
  await backend.close();
  await store.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
