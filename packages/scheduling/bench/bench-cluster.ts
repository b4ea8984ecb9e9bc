import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createQueueBackend, type QueueBackend, TrialQueue } from "@rectune/queue";
import { type StudySpec, parseStudySpec } from "@rectune/spec";
import { createPostgresStore, migrateDatabase, type Store } from "@rectune/store";
import { Redis } from "ioredis";
import pg from "pg";
import { SchedulerLoop, type SchedulerLogger } from "../src/index.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = "redis://127.0.0.1:6379";

/** Logs warnings and errors only: the bench measures the control plane, not the log sink. */
export const quietLogger: SchedulerLogger = {
  info: () => {},
  warn: (obj, msg) => console.warn(msg, JSON.stringify(obj)),
  error: (obj, msg) => console.error(msg, JSON.stringify(obj)),
};

/** An app (apps/worker, apps/api, apps/scheduler) as its own process, exactly as deployed. */
function spawnApp(
  app: "worker" | "api" | "scheduler",
  env: Record<string, string>,
  args: string[],
  nodeArgs: readonly string[],
): ChildProcess {
  // Workers run with V8's helper threads off, as every deployed worker does (apps/cli's appEntryArgs, the image).
  const v8 = app === "worker" ? ["--single-threaded"] : [];
  return spawn(process.execPath, [...v8, ...nodeArgs, "--import", "tsx", `apps/${app}/src/main.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern}; output:\n${seen.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split("\n").find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${seen.slice(-2000)}`));
    });
  });
}

/**
 * A whole cluster on this machine: its own database and queue prefix, the scheduler in this process
 * (a SchedulerLoop, the object apps/scheduler runs), workers and the API as real app processes.
 */
export class BenchCluster {
  private readonly children: ChildProcess[] = [];
  private loop: SchedulerLoop | undefined;

  private constructor(
    readonly databaseUrl: string,
    readonly env: Record<string, string>,
    readonly store: Store,
    /** The bench's own measurements (timings, backends, VACUUM): SQL the store has no business offering. */
    private readonly sql: pg.Pool,
    private readonly backend: QueueBackend,
    readonly queue: TrialQueue,
    private readonly nodeArgs: readonly string[],
  ) {}

  /** `nodeArgs` go to every app process (e.g. `--cpu-prof` to profile them). */
  static async create(nodeArgs: readonly string[] = []): Promise<BenchCluster> {
    const name = `rectune_bench_${randomBytes(4).toString("hex")}`;
    const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    await migrateDatabase(databaseUrl, { env: process.env });
    const prefix = `rectune-bench-${randomBytes(3).toString("hex")}`;
    // RECTUNE_AUTH=off: the API listens on 127.0.0.1, and the load generators send no API key.
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      RECTUNE_QUEUE_PREFIX: prefix,
      RECTUNE_LOG_LEVEL: "warn",
      RECTUNE_AUTH: "off",
    };
    const store = createPostgresStore(databaseUrl, { poolSize: 4 });
    const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const backend = createQueueBackend({ kind: "redis", url: REDIS_URL, prefix });
    return new BenchCluster(databaseUrl, env, store, sql, backend, new TrialQueue(backend), nodeArgs);
  }

  startScheduler(options: { tickMs?: number } = {}): void {
    this.loop = new SchedulerLoop({
      ledger: this.store,
      queue: this.queue,
      logger: quietLogger,
      tickMs: options.tickMs ?? 100,
      staleAfterMs: 15_000,
    });
    this.loop.start();
  }

  /** The scheduler as its own process (apps/scheduler), as deployed, instead of a loop in this one. */
  async startSchedulerProcess(): Promise<ChildProcess> {
    const scheduler = spawnApp("scheduler", { ...this.env, RECTUNE_LOG_LEVEL: "info" }, [], this.nodeArgs);
    this.children.push(scheduler);
    await waitForLine(scheduler, /scheduler running/);
    return scheduler;
  }

  async stopScheduler(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
  }

  /** Starts `processes` worker processes with `concurrency` slots each; resolves when all are ready. */
  async startWorkers(processes: number, concurrency: number): Promise<ChildProcess[]> {
    // Info level only adds the start-up lines; a worker logs nothing per trial unless something goes wrong.
    const env = { ...this.env, RECTUNE_LOG_LEVEL: "info" };
    const started = Array.from({ length: processes }, () =>
      spawnApp("worker", env, ["--concurrency", String(concurrency)], this.nodeArgs),
    );
    this.children.push(...started);
    await Promise.all(started.map((c) => waitForLine(c, /worker ready/)));
    return started;
  }

  async stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
    await Promise.all(workers.map((w) => stop(w)));
  }

  /** Starts the API (apps/api, `processes` of it on one port) on an ephemeral port; returns its base URL. */
  async startApi(processes = 1): Promise<{ url: string; pids: number[] }> {
    const api = spawnApp(
      "api",
      { ...this.env, RECTUNE_API_PORT: "0", RECTUNE_API_PROCESSES: String(processes), RECTUNE_LOG_LEVEL: "info" },
      [],
      this.nodeArgs,
    );
    this.children.push(api);
    const { port } = JSON.parse(await waitForLine(api, /api listening/)) as { port: number };
    const pid = api.pid ?? -1;
    // A clustered API's processes are the children of the one started (to meter their CPU).
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return { url: `http://127.0.0.1:${port}`, pids: [pid, ...children] };
  }

  /** Submits a study and waits until the scheduler marks it COMPLETED; returns the wall time in ms. */
  async runStudy(spec: StudySpec, timeoutMs: number): Promise<{ id: number; wallMs: number }> {
    const t0 = performance.now();
    const study = await this.store.createStudy(spec);
    const until = Date.now() + timeoutMs;
    for (;;) {
      const row = await this.store.study(study.id);
      if (row.status === "COMPLETED") return { id: study.id, wallMs: performance.now() - t0 };
      if (row.status !== "RUNNING") throw new Error(`study ${study.id} ended ${row.status}: ${row.error}`);
      if (Date.now() > until) throw new Error(`study ${study.id} did not complete in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** VACUUM ANALYZE of the trials table: the maintenance autovacuum would otherwise start on its own time. */
  async vacuum(): Promise<void> {
    await this.sql.query("VACUUM ANALYZE trials");
  }

  /** PostgreSQL backends serving this cluster's database (to meter their CPU). */
  async postgresPids(): Promise<number[]> {
    const name = new URL(this.databaseUrl).pathname.slice(1);
    const { rows } = await this.sql.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [
      name,
    ]);
    return rows.map((r) => r.pid);
  }

  /** Finish times of a study's trials in ms, in finishing order (the database's clock). */
  async finishTimes(studyId: number): Promise<number[]> {
    const { rows } = await this.sql.query<{ ms: number }>(
      `SELECT (extract(epoch FROM finished_at) * 1000)::float8 AS ms FROM trials
      WHERE study_id = $1 AND finished_at IS NOT NULL ORDER BY finished_at`,
      [studyId],
    );
    return rows.map((r) => r.ms);
  }

  /**
   * Where a study's wall time went, from the database's timestamps (ms, means over trials): queued =
   * created -> claimed, run = claimed -> finished minus the objective's `durationMs`, and refill = from
   * the k-th finish to the creation of the trial that took its slot (the (parallelism + k)-th).
   */
  async breakdown(
    studyId: number,
    parallelism: number,
    durationMs: number,
  ): Promise<{ queued: number; run: number; refill: number }> {
    const {
      rows: [row],
    } = await this.sql.query<{ queued: number; run: number }>(
      `SELECT avg(extract(epoch FROM started_at - created_at) * 1000)::float8 AS queued,
             avg(extract(epoch FROM finished_at - started_at) * 1000 - $2::float8)::float8 AS run
      FROM trials WHERE study_id = $1`,
      [studyId, durationMs],
    );
    const { rows: created } = await this.sql.query<{ ms: number }>(
      `SELECT (extract(epoch FROM created_at) * 1000)::float8 AS ms FROM trials WHERE study_id = $1
      ORDER BY created_at, number`,
      [studyId],
    );
    const finished = await this.finishTimes(studyId);
    let refill = 0;
    let n = 0;
    for (let k = 0; parallelism + k < created.length && k < finished.length; k++) {
      refill += (created[parallelism + k]?.ms ?? 0) - (finished[k] ?? 0);
      n++;
    }
    return { queued: row?.queued ?? 0, run: row?.run ?? 0, refill: n > 0 ? refill / n : 0 };
  }

  async close(): Promise<void> {
    await this.stopScheduler();
    await Promise.all(this.children.map((c) => stop(c)));
    await this.queue.close();
    await this.backend.close();
    await this.store.close();
    await this.sql.end();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(this.databaseUrl).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
    // BullMQ keeps its event stream and counters under the prefix: leave nothing behind in Redis.
    const redis = new Redis(REDIS_URL);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${this.env.RECTUNE_QUEUE_PREFIX}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
    redis.disconnect();
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A study of the built-in `sleep` objective over four parameters (the shape of Optuna's anchor). */
export function sleepStudy(options: {
  sampler: string;
  maxTrials: number;
  parallelism: number;
  durationMs: number;
}): StudySpec {
  return parseStudySpec({
    name: `bench ${options.sampler} sleep ${options.durationMs}`,
    objective: { metric: "value", direction: "minimize" },
    target: { kind: "function", name: "sleep", durationMs: options.durationMs },
    space: {
      x: { type: "float", low: -5, high: 5 },
      lr: { type: "float", low: 1e-5, high: 1e-1, log: true },
      dim: { type: "int", low: 8, high: 128 },
      opt: { type: "categorical", choices: ["adam", "sgd", "adagrad"] },
    },
    strategy: {
      sampler: options.sampler,
      maxTrials: options.maxTrials,
      parallelism: options.parallelism,
      seed: 1,
      maxAttempts: 3,
    },
  });
}
