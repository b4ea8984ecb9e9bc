import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { dataRootsOf, parseEnv, requireDatabaseUrl } from "@rectune/config";
import { chooseQueueConnection, createQueueBackend, TrialConsumer } from "@rectune/queue";
import { RefitRunner, TrialRunner } from "@rectune/runner";
import { createPostgresStore, retryTransient } from "@rectune/store";
import { BackendName, loadTensorflow } from "@rectune/tfjs-backend";
import { Command, InvalidArgumentError } from "commander";
import { pino } from "pino";
import { announcedSchema } from "@rectune/objective-sdk";
import { createObjectiveResolver, loadObjectiveModules } from "@rectune/objectives";
import { acceleratorsServedBy } from "@rectune/spec";
import { collectDefaultMetrics, Registry, serveMetrics } from "@rectune/metrics";
import { objectiveExecution } from "./objective-execution.js";
import { timedObjectives } from "./worker-metrics.js";
import { defaultConcurrency, gpuMemoryMb, visibleGpus } from "./worker-capacity.js";
import { jobPlacement } from "./job-placement.js";
import { gpuDevices, runOnePerGpu } from "./gpu-fanout.js";

/** A flag's positive integer; anything else stops the worker with the flag named (not NaN slots or GPUs). */
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};

const program = new Command("rectune-worker")
  .description("Takes trial jobs from the queue, trains and scores them, and records the results.")
  .option(
    "-c, --concurrency <n>",
    "trials run at once (default: RECTUNE_WORKER_CONCURRENCY, else one per GPU on tfjs-node-gpu, else one per core)",
    positiveInt,
  )
  .option(
    "--gpus <n>",
    "GPUs to use (default: RECTUNE_WORKER_GPUS, else those CUDA_VISIBLE_DEVICES lists)",
    positiveInt,
  )
  .option(
    "--gpu-memory-mb <mb>",
    "memory of this worker's smallest GPU, for placement (default: RECTUNE_WORKER_GPU_MEMORY_MB, else nvidia-smi's)",
    positiveInt,
  )
  .option("--id <id>", "worker id (default: host-pid-random)")
  .parse();

const opts = program.opts<{ concurrency?: number; gpus?: number; gpuMemoryMb?: number; id?: string }>();
const env = parseEnv(process.env);
const logger = pino({ name: "worker", level: env.RECTUNE_LOG_LEVEL });
const workerId = opts.id ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
// The compute backend is chosen once, at start, fastest first (see loadTensorflow): TensorFlow native on the
// GPU, then on the CPU, when installed; else tfjs's wasm backend with the project's SIMD kernels; else the
// project's typed-array kernels on tfjs's cpu backend. RECTUNE_BACKEND forces one.
const forced = env.RECTUNE_BACKEND === undefined ? undefined : BackendName.safeParse(env.RECTUNE_BACKEND);
if (forced && !forced.success) {
  logger.fatal(
    { RECTUNE_BACKEND: env.RECTUNE_BACKEND },
    `RECTUNE_BACKEND must be one of ${BackendName.options.join(", ")}`,
  );
  process.exit(2);
}
// A GPU worker with several GPUs runs one worker process per GPU (see runOnePerGpu), before loading TensorFlow.
if (forced?.success && forced.data === "tensorflow-gpu") {
  const devices = gpuDevices(env.CUDA_VISIBLE_DEVICES, opts.gpus ?? env.RECTUNE_WORKER_GPUS);
  if (devices.length > 1) {
    process.exit(await runOnePerGpu(devices, process.argv.slice(1), workerId, (msg) => logger.info(msg)));
  }
}
const { tf, backend: computeBackend, skipped } = await loadTensorflow(forced?.success ? { force: forced.data } : {});
for (const s of skipped)
  logger.warn({ backend: s.backend, reason: s.reason }, "compute backend installed but unusable; falling back");
const gpus = visibleGpus(opts.gpus ?? env.RECTUNE_WORKER_GPUS, env.CUDA_VISIBLE_DEVICES);
const concurrency = opts.concurrency ?? env.RECTUNE_WORKER_CONCURRENCY ?? defaultConcurrency(computeBackend, gpus);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  logger.fatal({ concurrency }, "--concurrency must be a positive integer");
  process.exit(2);
}

// What the worker announces and places trials by: its slots, and on a GPU worker its GPUs and their memory.
const capacity = {
  backend: computeBackend,
  concurrency,
  gpuMemoryMb: gpuMemoryMb(
    computeBackend,
    opts.gpuMemoryMb ?? env.RECTUNE_WORKER_GPU_MEMORY_MB,
    env.CUDA_VISIBLE_DEVICES,
  ),
};

const databaseUrl = requireDatabaseUrl(env);
const store = createPostgresStore(databaseUrl, { poolSize: Math.max(4, concurrency + 2) });
// Redis when REDIS_URL is set (cluster mode), else the queue shares the study database.
const backend = createQueueBackend(
  chooseQueueConnection({ redisUrl: env.REDIS_URL, databaseUrl, namespace: env.RECTUNE_QUEUE_PREFIX }),
  (source, err) => logger.warn({ source, err: err.message }, "queue error"),
);
const dataRoots = dataRootsOf(env);
// The operator's objective modules (RECTUNE_OBJECTIVES); one that does not load stops the worker here.
const moduleList = { list: env.RECTUNE_OBJECTIVES ?? "", baseDir: process.cwd() };
const modules = await loadObjectiveModules(moduleList.list, moduleList.baseDir).catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "RECTUNE_OBJECTIVES did not load");
  process.exit(2);
});
if (modules.size > 0) logger.info({ objectives: [...modules.keys()] }, "objective modules loaded");
const execution = objectiveExecution({
  inProcess: createObjectiveResolver({
    tf,
    cacheDir: env.RECTUNE_CACHE_DIR,
    dataRoots,
    modules,
    backendName: computeBackend,
  }),
  backend: computeBackend,
  concurrency,
  cacheDir: env.RECTUNE_CACHE_DIR,
  dataRoots,
  modules: moduleList,
});
if (execution.mode === "threads" && !process.execArgv.includes("--single-threaded"))
  logger.warn(
    "started without node --single-threaded: V8's collector and compiler threads compete with the trial threads for the cores",
  );
const metrics = new Registry();
collectDefaultMetrics({ register: metrics });
// Aborted once a stopping worker's grace period is over: store calls stop retrying through an outage, so
// shutdown ends; their trials and refits are left to the reaper (never FAILED for it).
const stopRetries = new AbortController();
const runner = new TrialRunner({
  lease: store,
  stopRetries: stopRetries.signal,
  workerId,
  resolveObjective: timedObjectives(execution.resolveObjective, metrics),
  logger,
});
// A study whose budget is spent sends one refit job through its queue: its champion, retrained by its
// objective's `refit`, where the objective's trials run (a trial thread on the JavaScript backends).
const refits = new RefitRunner({
  lease: store,
  stopRetries: stopRetries.signal,
  workerId,
  resolveObjective: execution.resolveObjective,
  logger,
});
if (env.RECTUNE_METRICS_PORT !== undefined) {
  const { port } = await serveMetrics(metrics, env.RECTUNE_METRICS_PORT, env.RECTUNE_METRICS_HOST);
  logger.info({ port }, "metrics at /metrics");
}

// PostgreSQL may be restarting while the worker starts: registering is retried through transient errors.
await retryTransient(
  () =>
    store.registerWorker({
      id: workerId,
      host: hostname(),
      pid: process.pid,
      backend: computeBackend,
      concurrency,
      gpus: computeBackend === "tensorflow-gpu" ? gpus : 0,
      gpuMemoryMb: capacity.gpuMemoryMb,
      // What the API checks a module study's space against, and the scheduler whether its champion is refitted.
      objectives: Object.fromEntries([...modules].map(([name, module]) => [name, announcedSchema(module)])),
    }),
  { onRetry: (err) => logger.warn({ err: String(err) }, "store unreachable; retrying registration") },
);

// The signal handlers are installed before the consumer exists: a job can be claimed as soon as the
// consumer is created, and a SIGTERM arriving then must hand that trial back, not kill the process.
let consumer: TrialConsumer | undefined;
let heartbeat: NodeJS.Timeout | undefined;
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping: finishing running trials");
  // Give running trials the grace period to finish; then interrupt them and hand them back.
  const grace = setTimeout(() => {
    runner.abortAll();
    refits.abortAll();
    stopRetries.abort();
  }, env.RECTUNE_SHUTDOWN_GRACE_MS);
  if ((await consumer?.close(false)) === false)
    logger.warn("the queue connection did not close in time; stopping anyway (every trial has ended)");
  clearTimeout(grace);
  clearInterval(heartbeat);
  // Closing connections to a store or queue that is down can wait on timeouts of their own: bounded too.
  const closed = await Promise.race([
    Promise.allSettled([execution.close(), backend.close(), store.close()]).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_WITHIN_MS).unref()),
  ]);
  logger.info({ closed }, "worker stopped");
  process.exit(0);
}
/** How long a stopping worker waits for its connections to close, once its trials have ended. */
const CLOSE_WITHIN_MS = 5_000;
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

// A job whose worker died before claiming its trial stays active in the queue until its lock lapses and a
// stalled check drops it; the scheduler then enqueues the trial again. Both are tied to
// RECTUNE_STALE_AFTER_MS (not BullMQ's 30 s default), so such a trial waits about as long as a lost one.
const lockDurationMs = Math.max(env.RECTUNE_STALE_AFTER_MS, 1_000);
const accelerators = acceleratorsServedBy(computeBackend);
consumer = new TrialConsumer(backend, (job) => (job.refit ? refits.run(job) : runner.run(job)), {
  concurrency,
  accelerators,
  lockDurationMs,
  stalledIntervalMs: Math.max(500, Math.round(lockDurationMs / 2)),
  // A `cpus: k` trial takes k slots; one larger than this worker goes back for a larger one.
  placement: jobPlacement(store, capacity, (study, err) =>
    logger.warn({ study, err: String(err) }, "study unreadable: its trial takes one slot"),
  ),
  onHandBack: (job, reason) => logger.info({ trial: job.trialId, study: job.studyId, reason }, "trial handed back"),
});
consumer.on("failed", (jobId, err) => logger.error({ jobId, err: err.message }, "job failed"));
await consumer.waitUntilReady();

// Heartbeats tell the scheduler which trials are alive; a trial whose heartbeat stops is retried. With each
// one the worker checks that its trials' studies still run: a stopped study's trials are interrupted.
heartbeat = setInterval(() => {
  Promise.all([
    store.heartbeat(workerId, runner.activeTrialIds()),
    store.heartbeatRefits(workerId, refits.activeStudyIds()),
    store.touchWorker(workerId),
    interruptEndedStudies(),
  ]).catch((err: unknown) => logger.warn({ err: String(err) }, "heartbeat failed"));
}, env.RECTUNE_HEARTBEAT_MS);

// The studies are read at once (the store batches concurrent reads); one that cannot be read is skipped
// this beat rather than failing the others.
async function interruptEndedStudies(): Promise<void> {
  await Promise.all(
    runner.activeStudyIds().map(async (id) => {
      const study = await store.study(id).catch(() => undefined);
      if (!study || study.status === "RUNNING") return;
      const interrupted = runner.interruptStudy(id, study.status);
      if (interrupted > 0)
        logger.info({ study: id, status: study.status, interrupted }, "study ended: trials interrupted");
    }),
  );
}
logger.info(
  {
    workerId,
    concurrency,
    backend: computeBackend,
    gpuMemoryMb: capacity.gpuMemoryMb,
    trials: execution.mode,
    accelerators,
    queue: backend.kind,
  },
  "worker ready",
);
