import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir, startEmbeddedCli } from "./helpers/cli.js";
import { type AppProcess, waitFor } from "./helpers/processes.js";

interface StudyJson {
  status: string;
  counts: Record<string, number>;
  bestTrial: { values: number[] } | null;
}

const sleepSpec = (name: string, durationMs: number, maxTrials: number) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "sleep", durationMs },
  space: { x: { type: "float", low: 0, high: 1 } },
  strategy: { sampler: "random", maxTrials, parallelism: 2, seed: 5 },
});

const FAST_CLUSTER = {
  RECTUNE_API_PORT: "0",
  RECTUNE_HEARTBEAT_MS: "300",
  RECTUNE_STALE_AFTER_MS: "2000",
  RECTUNE_SHUTDOWN_GRACE_MS: "2000",
  RECTUNE_SCHEDULER_TICK_MS: "50",
};

describe("embedded mode: neither DATABASE_URL nor REDIS_URL set", () => {
  // One project directory for the file: the demo starts it fresh, `up` then reuses it (one initdb).
  let project: Awaited<ReturnType<typeof freshDataDir>>;
  let running: AppProcess | undefined;

  beforeAll(async () => {
    project = await freshDataDir();
  });

  afterAll(async () => {
    await running?.stop("SIGTERM", 60_000);
    await project?.remove();
  }, 90_000);

  it("the demo starts an embedded PostgreSQL in a fresh data directory, runs its study, prints the leaderboard and stops cleanly", async () => {
    const demo = startEmbeddedCli(["demo"], { RECTUNE_DATA_DIR: project.dataDir });
    const code = await demo.exit();
    const out = demo.output.join("\n");
    expect(code, out).toBe(0);
    expect(out).toContain(
      `embedded PostgreSQL: creating a new cluster in ${join(project.dataDir, "postgres", "data")}`,
    );
    expect(out).toMatch(
      /embedded mode: embedded PostgreSQL on 127\.0\.0\.1:\d+, data in .*; queue: PostgreSQL, schema rectune_queue/,
    );
    expect(out).toContain("study 1 COMPLETED: 20/20 trials");
    // The leaderboard: 10 ranked rows, best first, no better than Branin's global minimum.
    const rows = demo.output.filter((l) => /^│ \d+ +│/.test(l));
    expect(rows).toHaveLength(10);
    const values = rows.map((r) => Number(r.split("│")[3]));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[0]).toBeGreaterThanOrEqual(0.397887);
    // Stopped cleanly: no server left behind, the data stays for the next run.
    expect(existsSync(join(project.dataDir, "postgres", "data", "postmaster.pid"))).toBe(false);
    expect(existsSync(join(project.dataDir, "postgres", "data", "PG_VERSION"))).toBe(true);
  }, 300_000);

  it("restarting `rectune up` keeps finished studies and resumes a running one", async () => {
    const env = { RECTUNE_DATA_DIR: project.dataDir, ...FAST_CLUSTER };
    const up = async (): Promise<{ proc: AppProcess; api: string }> => {
      const proc = startEmbeddedCli(["up", "--workers", "1", "--concurrency", "2", "--quiet"], env);
      const line = await proc.waitForLine(/rectune is up \(embedded mode\): API http/, 180_000);
      return { proc, api: /API (http:\/\/\S+),/.exec(line)![1]! };
    };
    // The local admin key `up` made on its first start, where the CLI finds it (owner-only).
    const keyFile = join(project.dataDir, "api-key");
    const key = async (): Promise<string> => (await readFile(keyFile, "utf8")).trim();
    const authed = async (url: string, init: RequestInit = {}) =>
      fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${await key()}` } });
    const submit = async (api: string, spec: unknown): Promise<number> => {
      const res = await authed(`${api}/v1/studies`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(spec),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: number }).id;
    };
    const study = async (api: string, id: number): Promise<StudyJson> =>
      (await (await authed(`${api}/v1/studies/${id}`)).json()) as StudyJson;

    let { proc, api } = await up();
    running = proc;
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await fetch(`${api}/v1/studies`)).status).toBe(401);
    // `status` reads what `up` recorded: the mode and where the data is.
    const status = startEmbeddedCli(["status"], { RECTUNE_DATA_DIR: project.dataDir });
    expect(await status.exit(), status.output.join("\n")).toBe(0);
    expect(status.output.join("\n")).toMatch(
      new RegExp(
        `embedded mode[\\s\\S]*database: embedded PostgreSQL on 127\\.0\\.0\\.1:\\d+, data in ${join(project.dataDir, "postgres")}[\\s\\S]*API ${api}: ready`,
      ),
    );

    const finished = await submit(api, sleepSpec("finished before restart", 0, 4));
    const before = await waitFor(
      async () => ((s) => (s.status === "COMPLETED" ? s : undefined))(await study(api, finished)),
      60_000,
      "the first study",
    );
    const resumed = await submit(api, sleepSpec("running across restart", 400, 16));
    await waitFor(async () => ((await study(api, resumed)).counts.COMPLETE ?? 0) >= 3, 60_000, "3 finished trials");
    expect(await proc.stop("SIGTERM", 60_000)).toBe(0);
    expect(proc.output.join("\n")).toContain("stopped");
    const midway = await waitFor(
      async () => (existsSync(join(project.dataDir, "postgres", "data", "postmaster.pid")) ? undefined : true),
      10_000,
      "the server to stop",
    );
    expect(midway).toBe(true);

    ({ proc, api } = await up());
    running = proc;
    const after = await study(api, finished);
    expect([after.status, after.counts.COMPLETE, after.bestTrial?.values]).toEqual([
      "COMPLETED",
      4,
      before.bestTrial?.values,
    ]);
    const done = await waitFor(
      async () => ((s) => (s.status === "COMPLETED" ? s : undefined))(await study(api, resumed)),
      120_000,
      "the resumed study",
    );
    expect(done.counts).toEqual({ WAITING: 0, RUNNING: 0, COMPLETE: 16, PRUNED: 0, FAILED: 0 });
    const trials = (await (await authed(`${api}/v1/studies/${resumed}/trials?limit=100`)).json()) as {
      trials: { number: number }[];
    };
    expect(trials.trials.map((t) => t.number)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  }, 400_000);
});
