import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "@rectune/store";
import pg from "pg";

const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

/**
 * Where the chaos runs: its own PostgreSQL server (stopped and restarted by the scenarios) and its own
 * Redis, never the shared ones. Defaults: PostgreSQL on 5433 with its data directory in
 * CHAOS_PG_DATA, Redis on 6380 (see README "Reliability" for setting them up).
 */
export const chaosConfig = {
  pgPort: Number(process.env.CHAOS_PG_PORT ?? 5433),
  pgData: process.env.CHAOS_PG_DATA ?? "/tmp/faults-chaos/pg",
  pgBin: process.env.CHAOS_PG_BIN ?? "/usr/lib/postgresql/15/bin",
  redisPort: Number(process.env.CHAOS_REDIS_PORT ?? 6380),
  /**
   * CHAOS_COMPILED=1: run the apps' compiled output (`npm run build` first), as a deployment does; a worker
   * then starts in about a second instead of several (tsx transpiling every package on start).
   */
  compiled: process.env.CHAOS_COMPILED === "1",
};
export const adminUrl = () => `postgresql://postgres@127.0.0.1:${chaosConfig.pgPort}/postgres`;
const redisUrl = () => `redis://127.0.0.1:${chaosConfig.redisPort}`;

/** The servers a cluster runs on: the chaos run's own by default; the integration tests pass theirs. */
export interface Endpoints {
  readonly adminUrl: string;
  readonly redisUrl: string | null;
}

/** Runs a command as the data directory's owner (pg_ctl refuses root). */
function asPgOwner(args: string[]): void {
  const [cmd, ...rest] = args as [string, ...string[]];
  if (process.getuid?.() === 0)
    execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", [cmd, ...rest].map((a) => `'${a}'`).join(" ")], {
      stdio: "ignore",
    });
  else execFileSync(cmd, rest, { stdio: "ignore" });
}

/** The faults a scenario injects, each on this run's own servers. */
export const faults = {
  pgStop(): void {
    asPgOwner([`${chaosConfig.pgBin}/pg_ctl`, "-D", chaosConfig.pgData, "-m", "fast", "-w", "stop"]);
  },
  pgStart(): void {
    asPgOwner([
      `${chaosConfig.pgBin}/pg_ctl`,
      "-D",
      chaosConfig.pgData,
      "-w",
      "-l",
      `${chaosConfig.pgData}/../pg.log`,
      "-o",
      `-p ${chaosConfig.pgPort} -c listen_addresses=127.0.0.1 -c max_connections=300 -k /tmp`,
      "start",
    ]);
  },
  async terminateBackends(database: string, applicationLike = "%"): Promise<number> {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name LIKE $2`,
        [database, applicationLike],
      );
      return rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  },
  redisCli(...args: string[]): void {
    try {
      execFileSync("redis-cli", ["-p", String(chaosConfig.redisPort), ...args], { stdio: "ignore" });
    } catch {
      // SHUTDOWN closes the connection it came on: the CLI reports that as an error.
    }
  },
  redisStart(): void {
    execFileSync("redis-server", [
      "--port",
      String(chaosConfig.redisPort),
      "--daemonize",
      "yes",
      "--save",
      "",
      "--appendonly",
      "no",
    ]);
  },
};

export class AppProcess {
  readonly lines: string[] = [];
  /** Said "worker ready" (or "scheduler running"): loaded and taking work. */
  ready = false;
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      for (const l of chunk.toString().split("\n")) if (l) this.lines.push(l);
      if (!this.ready && /worker ready|scheduler running/.test(chunk.toString())) this.ready = true;
      if (this.lines.length > 500) this.lines.splice(0, this.lines.length - 500);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
  }
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.lines.some((l) => pattern.test(l))) return;
      if (!this.alive) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${this.name}: no line matching ${pattern}:\n${this.lines.slice(-15).join("\n")}`);
  }
  exited(): Promise<void> {
    return this.alive ? new Promise((r) => this.child.once("exit", () => r())) : Promise.resolve();
  }
  async stop(signal: NodeJS.Signals = "SIGTERM", killAfterMs = 30_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), killAfterMs);
    await this.exited();
    clearTimeout(timer);
  }
}

/** A cluster of real processes (scheduler(s), workers) on its own database and Redis key prefix. */
export class ChaosCluster {
  readonly processes: AppProcess[] = [];
  private spawned = 0;

  private constructor(
    readonly database: string,
    readonly env: Record<string, string>,
  ) {}

  static async create(
    name: string,
    overrides: Record<string, string> = {},
    endpoints: Endpoints = { adminUrl: adminUrl(), redisUrl: redisUrl() },
  ): Promise<ChaosCluster> {
    const database = `faults_chaos_${name}_${Date.now().toString(36)}`;
    const url = new URL(endpoints.adminUrl);
    url.pathname = `/${database}`;
    await migrateDatabase(url.toString());
    return new ChaosCluster(database, {
      DATABASE_URL: url.toString(),
      ...(endpoints.redisUrl ? { REDIS_URL: endpoints.redisUrl } : {}),
      RECTUNE_QUEUE_PREFIX: database,
      RECTUNE_HEARTBEAT_MS: "300",
      RECTUNE_STALE_AFTER_MS: "2000",
      RECTUNE_SHUTDOWN_GRACE_MS: "5000",
      RECTUNE_SCHEDULER_TICK_MS: "20",
      RECTUNE_LOG_LEVEL: "info",
      ...overrides,
    });
  }

  get url(): string {
    return this.env.DATABASE_URL!;
  }

  spawn(app: "worker" | "scheduler", args: string[] = [], env: Record<string, string> = {}): AppProcess {
    const name = `${app}-${++this.spawned}`;
    const entry = chaosConfig.compiled
      ? ["--conditions=rectune-compiled", `apps/${app}/dist/main.js`]
      : ["--import", "tsx", `apps/${app}/src/main.ts`];
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: ROOT,
      // PGAPPNAME tags the process's PostgreSQL sessions: a scenario can cut one kind's connections only.
      env: { ...process.env, ...this.env, PGAPPNAME: `chaos-${app}`, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const proc = new AppProcess(name, child);
    this.processes.push(proc);
    return proc;
  }

  async startWorker(concurrency = 2, env: Record<string, string> = {}): Promise<AppProcess> {
    const worker = this.spawn("worker", ["--concurrency", String(concurrency)], env);
    await worker.waitFor(/worker ready/);
    return worker;
  }

  workers(): AppProcess[] {
    return this.processes.filter((p) => p.name.startsWith("worker") && p.alive);
  }

  /** Workers that finished loading and take trials (a replacement still loading is not one yet). */
  readyWorkers(): AppProcess[] {
    return this.workers().filter((p) => p.ready);
  }

  schedulers(): AppProcess[] {
    return this.processes.filter((p) => p.name.startsWith("scheduler") && p.alive);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop("SIGTERM", 10_000)));
  }

  /** Drops the cluster's database (the integration tests leave nothing behind on the shared server). */
  async dropDatabase(): Promise<void> {
    const admin = new URL(this.url);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
}
