import { delimiter, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const intFromEnv = (def: number, min: number) => z.coerce.number().int().min(min).default(def);
/** An optional URL; an empty variable (`REDIS_URL=`) counts as unset. */
const optionalUrl = () => z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional());

/**
 * Every setting rectune reads from the environment. Apps parse it once at start-up (`parseEnv`);
 * packages receive plain values and never read process.env themselves.
 */
export const envSchema = z.object({
  /**
   * The study store. Unset: `rectune up` and the demo start an embedded PostgreSQL in RECTUNE_DATA_DIR
   * and hand its URL to the processes they start.
   */
  DATABASE_URL: optionalUrl(),
  /** The trial queue in cluster mode. Unset: the queue lives in PostgreSQL (BullMQ's PostgreSQL backend). */
  REDIS_URL: optionalUrl(),
  /** The project's local state: the embedded PostgreSQL, the processes' logs. */
  RECTUNE_DATA_DIR: z.string().min(1).default(".rectune"),
  /** Namespace of the queue: the Redis key prefix, or the PostgreSQL schema `<prefix>_queue`. */
  RECTUNE_QUEUE_PREFIX: z.string().min(1).default("rectune"),
  RECTUNE_API_HOST: z.string().default("127.0.0.1"),
  RECTUNE_API_PORT: intFromEnv(8080, 0),
  RECTUNE_API_URL: z.string().url().optional(),
  /**
   * Objective modules workers load (comma-separated file paths, relative to the working directory, or
   * package names): chosen by the operator, never by a study's submitter.
   */
  RECTUNE_OBJECTIVES: z.string().optional(),
  /** Workers and the scheduler serve Prometheus' `GET /metrics` on this port (unset: not served; the API serves it on its own port). */
  RECTUNE_METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  RECTUNE_METRICS_HOST: z.string().default("127.0.0.1"),
  /** The dashboard's built files, served by the API at `/` (default: apps/dashboard/dist of this checkout). */
  RECTUNE_DASHBOARD_DIR: z.string().min(1).optional(),
  /** API processes sharing the port (node:cluster); 1 runs the API in the process started. */
  RECTUNE_API_PROCESSES: intFromEnv(1, 1),
  /** Trials one worker process runs at once (unset: one per GPU on tfjs-node-gpu, else one per core). */
  RECTUNE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).optional(),
  /** GPUs a GPU worker uses (unset: as many as CUDA_VISIBLE_DEVICES lists, else one). */
  RECTUNE_WORKER_GPUS: z.coerce.number().int().min(0).optional(),
  /** The memory of the worker's smallest GPU in MB, where nvidia-smi cannot say (placement's gpuMemoryMb). */
  RECTUNE_WORKER_GPU_MEMORY_MB: z.coerce.number().int().min(1).optional(),
  /** Set by the NVIDIA container runtime / device plugin to the GPUs this process may see. */
  CUDA_VISIBLE_DEVICES: z.string().optional(),
  /** Forces the worker's compute backend (tensorflow-gpu, tensorflow, wasm, cpu-accelerated, cpu). */
  RECTUNE_BACKEND: z.string().optional(),
  /** Where workers cache prepared datasets between runs. */
  RECTUNE_CACHE_DIR: z.string().default(".rectune/cache"),
  /** How often workers prove they are alive; a trial silent for RECTUNE_STALE_AFTER_MS is retried. */
  RECTUNE_HEARTBEAT_MS: intFromEnv(2_000, 100),
  RECTUNE_STALE_AFTER_MS: intFromEnv(15_000, 500),
  /**
   * A trial saves its weights (for a retried attempt to resume from) at most this often, except under
   * population-based training, which copies every step's; 0: after every step. A lost worker's trial
   * then trains at most this long again, instead of every epoch writing megabytes to PostgreSQL.
   */
  RECTUNE_CHECKPOINT_EVERY_MS: intFromEnv(30_000, 0),
  /** How long a stopping worker waits for its trials before handing them back. */
  RECTUNE_SHUTDOWN_GRACE_MS: intFromEnv(10_000, 0),
  RECTUNE_SCHEDULER_TICK_MS: intFromEnv(100, 5),
  /**
   * Folders (separated by `:`) that datasets may be read from; a study naming a file elsewhere is refused.
   * Default: this checkout's `../shared/datasets` and `<RECTUNE_DATA_DIR>/datasets`.
   */
  RECTUNE_DATA_ROOTS: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  /**
   * `keys`: every /v1 request needs an API key (`Authorization: Bearer <key>`). `off`: no keys, every
   * caller is an admin; allowed only while the API listens on a loopback address.
   */
  RECTUNE_AUTH: z.enum(["keys", "off"]).default("keys"),
  /** The CLI's API key; unset: read from RECTUNE_API_KEY_FILE. */
  RECTUNE_API_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  /**
   * The file (mode 0600) the CLI reads its key from; default `<RECTUNE_DATA_DIR>/api-key`, where
   * `rectune up` puts the local admin key it makes on first start.
   */
  RECTUNE_API_KEY_FILE: z.string().min(1).optional(),
  RECTUNE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment, failing with one line per bad variable. */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): Env {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new Error(`invalid environment:\n${lines.join("\n")}`);
}

/** The study store's URL for the processes that cannot start one themselves (API, scheduler, worker). */
export function requireDatabaseUrl(env: Env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  throw new Error(
    "DATABASE_URL is not set: start everything on this machine with `rectune up` (embedded PostgreSQL), " +
      "or point DATABASE_URL at your PostgreSQL (cluster mode)",
  );
}

/** This checkout's root (packages/config/src/ is three folders below it). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The shared datasets folder beside this checkout (`../shared/datasets`): a default data root, and where benches find MovieLens. */
export const SHARED_DATASETS_DIR = resolve(REPO_ROOT, "../shared/datasets");

/** The folders datasets may be read from, absolute (RECTUNE_DATA_ROOTS, or the defaults it documents). */
export const dataRootsOf = (env: Env): string[] =>
  env.RECTUNE_DATA_ROOTS
    ? env.RECTUNE_DATA_ROOTS.split(delimiter)
        .filter((r) => r !== "")
        .map((r) => resolve(r))
    : [SHARED_DATASETS_DIR, resolve(env.RECTUNE_DATA_DIR, "datasets")];

export const apiUrlOf = (env: Env): string =>
  env.RECTUNE_API_URL ?? `http://${env.RECTUNE_API_HOST}:${env.RECTUNE_API_PORT}`;
