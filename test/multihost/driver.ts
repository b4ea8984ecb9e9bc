// The multi-host test's driver (see multihost.ts), running in the servers' namespace.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdirSync, rmSync, appendFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "@rectune/store";
import { TestSql } from "../helpers/sql.js";
import { cutLink, SERVER_IP, WORKER_NS } from "./network.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PG_DIR = "/tmp/rt-scal-multihost-pg";
const PG_BIN = "/usr/lib/postgresql/15/bin";
const TRIALS = 300;
const SLOTS_PER_HOST = 4;
const STALE_AFTER_MS = 3_000;
const DATABASE_URL = `postgresql://postgres@${SERVER_IP}:5432/rectune`;
const ENV = {
  ...process.env,
  DATABASE_URL,
  REDIS_URL: `redis://${SERVER_IP}:6379`,
  RECTUNE_QUEUE_PREFIX: "rtscal",
  RECTUNE_HEARTBEAT_MS: "500",
  RECTUNE_STALE_AFTER_MS: String(STALE_AFTER_MS),
  RECTUNE_SHUTDOWN_GRACE_MS: "1000",
  RECTUNE_API_HOST: SERVER_IP,
  RECTUNE_API_PORT: "8080",
  RECTUNE_LOG_LEVEL: "info",
  // Sleep trials train nothing: the plain cpu backend starts fastest.
  RECTUNE_BACKEND: "cpu",
};
const API = `http://${SERVER_IP}:8080`;

const children: { name: string; child: ChildProcess; lines: string[] }[] = [];
function start(
  name: string,
  command: string,
  args: string[],
): { child: ChildProcess; ready(re: RegExp): Promise<void> } {
  const child = spawn(command, args, { cwd: ROOT, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  const entry = { name, child, lines: [] as string[] };
  children.push(entry);
  const waiters: { re: RegExp; resolve(): void }[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      entry.lines.push(line);
      if (entry.lines.length > 50) entry.lines.shift();
      for (const w of waiters.splice(0))
        if (w.re.test(line)) w.resolve();
        else waiters.push(w);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return {
    child,
    ready: (re) =>
      new Promise((resolve, reject) => {
        if (entry.lines.some((l) => re.test(l))) return resolve();
        waiters.push({ re, resolve });
        setTimeout(() => reject(new Error(`${name}: no line matching ${re} within 120 s`)), 120_000).unref();
        child.once("exit", (code) => reject(new Error(`${name} exited (${code}):\n${entry.lines.join("\n")}`)));
      }),
  };
}

const node = (app: string, args: string[] = []) => ["--import", "tsx", `apps/${app}/src/main.ts`, ...args];

async function startPostgres(): Promise<void> {
  rmSync(PG_DIR, { recursive: true, force: true });
  mkdirSync(PG_DIR);
  chownSync(
    PG_DIR,
    Number(execFileSync("id", ["-u", "postgres"]).toString()),
    Number(execFileSync("id", ["-g", "postgres"]).toString()),
  );
  execFileSync("runuser", ["-u", "postgres", "--", `${PG_BIN}/initdb`, "-D", PG_DIR, "-A", "trust", "-U", "postgres"], {
    stdio: "ignore",
  });
  appendFileSync(`${PG_DIR}/pg_hba.conf`, "host all all 10.77.0.0/24 trust\n");
  const args = [
    "-D",
    PG_DIR,
    "-k",
    PG_DIR,
    "-h",
    SERVER_IP,
    "-p",
    "5432",
    "-c",
    "fsync=off",
    "-c",
    "max_connections=300",
  ];
  start("postgres", "runuser", ["-u", "postgres", "--", `${PG_BIN}/postgres`, ...args]);
  for (let i = 0; ; i++) {
    const admin = new TestSql(`postgresql://postgres@${SERVER_IP}:5432/postgres`);
    try {
      await admin.rows("CREATE DATABASE rectune");
      return;
    } catch (error) {
      if (i > 100) throw error;
      await sleep(200);
    } finally {
      await admin.close();
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const sleepStudy = (name: string, durationMs: number) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "sleep", durationMs },
  space: { x: { type: "float", low: 0, high: 1 } },
  strategy: { sampler: "random", maxTrials: TRIALS, parallelism: SLOTS_PER_HOST * WORKER_NS.length },
});

async function waitForStudy(db: TestSql, id: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.rows<{ status: string }>("SELECT status FROM studies WHERE id = $1", [id]);
    if (rows[0]?.status === "COMPLETED") return;
    if (rows[0]?.status !== "RUNNING") throw new Error(`study ${id} ended ${rows[0]?.status}`);
    if (Date.now() > until) throw new Error(`study ${id} did not complete within ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function trialStates(db: TestSql, id: number): Promise<Record<string, number>> {
  const rows = await db.rows<{ state: string; n: string }>(
    "SELECT state, count(*) AS n FROM trials WHERE study_id = $1 GROUP BY state",
    [id],
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

async function main(): Promise<void> {
  await startPostgres();
  // No password and not on loopback: protected mode would refuse the workers (the bridge is the test's own).
  start("redis", "redis-server", [
    "--bind",
    SERVER_IP,
    "--port",
    "6379",
    "--protected-mode",
    "no",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  await migrateDatabase(DATABASE_URL, { env: ENV });
  const db = new TestSql(DATABASE_URL);
  await start("api", process.execPath, node("api")).ready(/api listening/);
  start("scheduler", process.execPath, node("scheduler"));

  const rows: { hosts: number; seconds: number; trialsPerSecond: number }[] = [];
  const SLEEP_MS = 100;
  for (let hosts = 1; hosts <= WORKER_NS.length; hosts++) {
    const ns = WORKER_NS[hosts - 1]!;
    const args = [
      "netns",
      "exec",
      ns,
      process.execPath,
      ...node("worker", ["--concurrency", String(SLOTS_PER_HOST), "--id", ns]),
    ];
    await start(ns, "ip", args).ready(/worker ready/);
    const t0 = performance.now();
    const { id } = await api<{ id: number }>("POST", "/v1/studies", sleepStudy(`throughput-${hosts}`, SLEEP_MS));
    await waitForStudy(db, id, 300_000);
    const seconds = (performance.now() - t0) / 1000;
    const states = await trialStates(db, id);
    if (states.COMPLETE !== TRIALS) throw new Error(`study ${id}: ${JSON.stringify(states)}`);
    rows.push({ hosts, seconds, trialsPerSecond: TRIALS / seconds });
  }

  // A 300-trial study on three hosts; once a third of it is done, w3's link is cut.
  const CUT_SLEEP_MS = 500;
  const cutHost = WORKER_NS[2];
  const { id } = await api<{ id: number }>("POST", "/v1/studies", sleepStudy("link-cut", CUT_SLEEP_MS));
  for (;;) {
    if (((await trialStates(db, id)).COMPLETE ?? 0) >= TRIALS / 3) break;
    await sleep(50);
  }
  const held = await db.rows<{ id: number; attempt: number }>(
    "SELECT id, attempt FROM trials WHERE study_id = $1 AND state = 'RUNNING' AND worker_id = $2",
    [id, cutHost],
  );
  cutLink(cutHost);
  const cutAt = performance.now();
  const reassignedAfter = new Map<number, number>();
  while (reassignedAfter.size < held.length) {
    const now = await db.rows<{ id: number; attempt: number; worker_id: string | null; state: string }>(
      "SELECT id, attempt, worker_id, state FROM trials WHERE id = ANY($1::int[])",
      [held.map((h) => h.id)],
    );
    for (const t of now) {
      const before = held.find((h) => h.id === t.id)!;
      // Claimed again by another host (or already finished there): reassigned.
      if (!reassignedAfter.has(t.id) && t.attempt > before.attempt && t.worker_id !== cutHost)
        reassignedAfter.set(t.id, performance.now() - cutAt);
    }
    if (performance.now() - cutAt > 60_000) throw new Error("the cut host's trials were not reassigned within 60 s");
    await sleep(50);
  }
  await waitForStudy(db, id, 300_000);
  const states = await trialStates(db, id);
  const dup = await db.rows<{ n: string }>(
    "SELECT count(*) AS n FROM trials WHERE study_id = $1 AND state = 'COMPLETE'",
    [id],
  );
  await db.close();
  const maxReassignMs = Math.max(0, ...reassignedAfter.values());
  // A trial can only be retried once its heartbeat is older than the stale window; the scheduler looks for
  // such trials every reconcile pass (2 s), and the last heartbeat may be up to one interval old at the cut.
  const boundMs = STALE_AFTER_MS + 2_000 + 500;

  console.log("worker hosts | 300 sleep trials (100 ms each, 4 slots per host) | trials/s");
  for (const r of rows)
    console.log(
      `${String(r.hosts).padStart(12)} | ${`${r.seconds.toFixed(2)} s`.padStart(47)} | ${r.trialsPerSecond.toFixed(1)}`,
    );
  console.log(
    `link cut: ${held.length} trials were running on ${cutHost}; all reassigned within ${(maxReassignMs / 1000).toFixed(2)} s ` +
      `(bound: RECTUNE_STALE_AFTER_MS ${STALE_AFTER_MS} ms + the reconcile interval 2 s + a heartbeat 0.5 s); ` +
      `study: ${JSON.stringify(states)} of ${TRIALS}; load average ${loadavg()[0]!.toFixed(2)}`,
  );
  const ok = states.COMPLETE === TRIALS && Number(dup[0]?.n) === TRIALS && held.length > 0 && maxReassignMs <= boundMs;
  console.log(
    JSON.stringify({
      ok,
      throughput: rows.map((r) => ({
        hosts: r.hosts,
        seconds: round(r.seconds),
        trials_per_s: round(r.trialsPerSecond),
      })),
      speedup_3_hosts: round(rows[2]!.trialsPerSecond / rows[0]!.trialsPerSecond),
      link_cut: {
        trials_on_cut_host: held.length,
        max_reassign_ms: Math.round(maxReassignMs),
        stale_after_ms: STALE_AFTER_MS,
        bound_ms: boundMs,
        states,
      },
      loadavg_1m: round(loadavg()[0]!),
    }),
  );
  if (!ok) process.exitCode = 1;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function stopAll(): Promise<void> {
  // PostgreSQL is stopped by pg_ctl: a signal to `runuser` would leave the server running (and holding this
  // process's pipes open).
  if (existsSync(PG_DIR))
    try {
      execFileSync("runuser", ["-u", "postgres", "--", `${PG_BIN}/pg_ctl`, "stop", "-D", PG_DIR, "-m", "fast"], {
        stdio: "ignore",
      });
    } catch {
      // not running
    }
  for (const { child } of [...children].reverse()) child.kill("SIGTERM");
  await sleep(1500);
  for (const { child } of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(PG_DIR, { recursive: true, force: true });
}

try {
  await main();
} catch (error) {
  console.error(`test:multihost failed: ${(error as Error).message}`);
  for (const { name, lines } of children) console.error(`--- ${name}\n${lines.slice(-8).join("\n")}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  process.exit();
}
