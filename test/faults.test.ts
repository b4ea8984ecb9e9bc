import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStudySpec } from "@rectune/spec";
import { afterEach, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { startApp, waitFor } from "./helpers/processes.js";

/** Every session the cluster's processes open carries this name: a test cuts exactly those connections. */
const APP_NAME = "rectune-faults-test";

const curveSpec = (maxTrials: number, durationMs: number) => ({
  name: "curve under connection cuts",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: 9, durationMs },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
  strategy: { sampler: "random", pruner: "none", maxTrials, parallelism: 4, seed: 2, maxAttempts: 2 },
});

const sleepSpec = (durationMs: number, strategy: Record<string, unknown>) => ({
  name: `sleep ${durationMs}`,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "sleep", durationMs },
  space: { x: { type: "float", low: 0, high: 1 } },
  strategy: { sampler: "random", seed: 1, ...strategy },
});

describe("faults lose no finished work, and every failure is reported as what it is", () => {
  let cluster: TestCluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it("connections cut during reports and results: the study completes, every trial once, none FAILED; the scheduler re-acquires its lock", async () => {
    cluster = await TestCluster.create({ PGAPPNAME: APP_NAME });
    const scheduler = cluster.startScheduler();
    await scheduler.waitForLine(/scheduler running/, 60_000);
    await Promise.all([cluster.startWorker(["--concurrency", "2"]), cluster.startWorker(["--concurrency", "2"])]);
    const study = await cluster.store.createStudy(parseStudySpec(curveSpec(12, 40)));
    let cuts = 0;
    let done = false;
    // Every 300 ms: terminate every connection of the cluster's processes (workers' reports and results,
    // the scheduler's passes and its lock), as a failover would.
    while (!done) {
      await new Promise((r) => setTimeout(r, 300));
      const [row] = await cluster.sql.rows<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
        [APP_NAME],
      );
      cuts += row?.n ?? 0;
      done = (await cluster.store.study(study.id)).status !== "RUNNING" || cuts > 400;
    }
    await cluster.waitForStatus(study.id, "COMPLETED", 60_000);
    const trials = await cluster.trials(study.id);
    expect(cuts).toBeGreaterThan(10);
    expect(trials.map((t) => t.number)).toEqual([...Array(12).keys()]);
    expect(trials.map((t) => [t.state, t.lastStep, t.error])).toEqual(trials.map(() => ["COMPLETE", 9, null]));
    const steps = await cluster.sql.rows<{ n: number }>(
      "SELECT count(*)::int AS n FROM intermediate_values WHERE study_id = $1 GROUP BY trial_id",
      [study.id],
    );
    expect(steps.map((s) => s.n)).toEqual(trials.map(() => 9));
    // The scheduler lost its lock to the cuts and took it again, without exiting.
    expect(scheduler.child.exitCode).toBeNull();
    expect(scheduler.output.some((l) => l.includes("lost the scheduler lock"))).toBe(true);
    expect(scheduler.output.filter((l) => l.includes("scheduler running")).length).toBeGreaterThan(1);
  });

  it("a spec whose trials all fail the same way ends FAILED fast; status shows why; submit --watch exits non-zero", async () => {
    cluster = await TestCluster.started([[]]);
    // The test functions take numbers only: a categorical parameter fails every trial the same way.
    const spec = {
      name: "branin with a categorical",
      objective: { metric: "value", direction: "minimize" },
      target: { kind: "function", name: "branin" },
      space: { x0: { type: "categorical", choices: ["a", "b"] }, x1: { type: "float", low: 0, high: 15 } },
      strategy: { sampler: "random", maxTrials: 40, parallelism: 2, seed: 1 },
    };
    const dir = await mkdtemp(join(tmpdir(), "rectune-faults-"));
    try {
      const file = join(dir, "spec.json");
      await writeFile(file, JSON.stringify(spec));
      const env = { ...cluster.env, RECTUNE_API_URL: cluster.apiUrl };
      const submit = startApp("cli", env, ["submit", file, "--watch"]);
      expect(await submit.exit()).toBe(1);
      const [study] = await cluster.store.studies({ limit: 1, name: "branin" });
      expect(study?.status).toBe("FAILED");
      const reason = "the first 3 trials all failed with the same error: parameter x0 must be numeric";
      expect(study?.error?.startsWith(reason)).toBe(true);
      expect(study!.trialCount).toBeLessThanOrEqual(4);
      expect(submit.output.some((l) => l.includes(`ended FAILED: ${reason}`))).toBe(true);
      const status = startApp("cli", env, ["status"]);
      expect(await status.exit()).toBe(0);
      expect(status.output.some((l) => l.includes(`error: ${reason}`))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a trial over strategy.trialTimeoutMs is stopped and FAILED after its attempts; stopping a study interrupts its trials", async () => {
    cluster = await TestCluster.started([["--concurrency", "2"]]);
    const timed = await cluster.submit(
      sleepSpec(60_000, { maxTrials: 2, parallelism: 2, trialTimeoutMs: 400, maxAttempts: 2 }),
    );
    await cluster.waitForStatus(timed.id, "FAILED", 60_000);
    const timedOut = await cluster.trials(timed.id);
    expect(timedOut.map((t) => [t.state, t.attempt, t.error])).toEqual(
      timedOut.map(() => ["FAILED", 2, "trial exceeded strategy.trialTimeoutMs (400 ms)"]),
    );

    const long = await cluster.submit(sleepSpec(120_000, { maxTrials: 2, parallelism: 2 }));
    await waitFor(
      async () => (await cluster!.trials(long.id)).filter((t) => t.state === "RUNNING").length === 2,
      30_000,
      "both trials to run",
    );
    const res = await fetch(`${cluster.apiUrl}/v1/studies/${long.id}/stop`, { method: "POST" });
    expect(res.status).toBe(200);
    // The worker notices at its next heartbeat (300 ms here) and hands both trials back at once.
    await waitFor(
      async () => (await cluster!.trials(long.id)).every((t) => t.state !== "RUNNING"),
      10_000,
      "the stopped study's trials to be interrupted",
    );
    expect((await cluster.trials(long.id)).map((t) => [t.state, t.attempt])).toEqual([
      ["WAITING", 0],
      ["WAITING", 0],
    ]);
  });
});
