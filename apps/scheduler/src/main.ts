import { parseEnv, requireDatabaseUrl } from "@rectune/config";
import { chooseQueueConnection, createQueueBackend, TrialQueue } from "@rectune/queue";
import { SchedulerLoop } from "@rectune/scheduling";
import { createPostgresStore, type SchedulerLock } from "@rectune/store";
import { collectDefaultMetrics, Registry, schedulerPassHistogram, serveMetrics } from "@rectune/metrics";
import { pino } from "pino";

const env = parseEnv(process.env);
const logger = pino({ name: "scheduler", level: env.RECTUNE_LOG_LEVEL });
const databaseUrl = requireDatabaseUrl(env);
const store = createPostgresStore(databaseUrl, { poolSize: 4 });
// Redis when REDIS_URL is set (cluster mode), else the queue shares the study database.
const backend = createQueueBackend(
  chooseQueueConnection({ redisUrl: env.REDIS_URL, databaseUrl, namespace: env.RECTUNE_QUEUE_PREFIX }),
  (source, err) => logger.warn({ source, err: err.message }, "queue error"),
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

/** Dead workers stay listed this long for inspection, then are deleted. */
const WORKER_RETENTION_MS = 3_600_000;

let stopping = false;
let lock: SchedulerLock | undefined;
const loop = new SchedulerLoop({
  ledger: store,
  queue,
  logger,
  tickMs: env.RECTUNE_SCHEDULER_TICK_MS,
  staleAfterMs: env.RECTUNE_STALE_AFTER_MS,
  // Lost trials are looked for twice per stale window (at most every 2 s): a dead worker's trials are back
  // in play within about 1.5 × RECTUNE_STALE_AFTER_MS.
  reconcileEveryMs: Math.min(2_000, Math.max(250, env.RECTUNE_STALE_AFTER_MS / 2)),
  // Checked before every pass and study: a scheduler whose lock connection broke writes nothing more.
  isLeader: () => lock?.held() === true,
  onPass: (seconds) => passSeconds.observe(seconds),
});

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  await loop.stop();
  await lock?.release();
  await queue.close();
  await backend.close();
  await store.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

const expiry = setInterval(() => {
  if (lock?.held())
    store
      .expireWorkers(WORKER_RETENTION_MS)
      .then((n) => n > 0 && logger.info({ deleted: n }, "expired dead workers"))
      .catch((err: unknown) => logger.warn({ err: String(err) }, "expiring workers failed"));
}, 60_000);
expiry.unref();

// One scheduler per cluster: a second one waits here as a standby until the first one's session ends. A
// leader whose lock connection breaks (PostgreSQL restarting, a failover) pauses and queues up for the lock
// again rather than exiting: its state is only a cache of the store, reloaded when it leads again.
while (!stopping) {
  logger.info("waiting for the scheduler lock");
  let unavailable = 0;
  lock = await store.acquireSchedulerLock({
    onUnavailable: (err) => {
      if (unavailable++ % 10 === 0) logger.warn({ err: String(err) }, "store unreachable; waiting for the lock");
    },
  });
  if (stopping) break;
  loop.start();
  logger.info({ queue: backend.kind }, "scheduler running");
  const err = await lock.lost;
  if (stopping) break;
  logger.error({ err: err.message }, "lost the scheduler lock; scheduling paused until it is held again");
  await loop.stop();
  await lock.release();
}
