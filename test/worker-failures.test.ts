import { afterEach, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { startApp, waitFor } from "./helpers/processes.js";

const sleepSpec = (durationMs: number, maxTrials: number, parallelism: number) => ({
  name: `sleep ${durationMs}`,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "sleep", durationMs },
  space: { x: { type: "float", low: 0, high: 1 }, y: { type: "int", low: 1, high: 9 } },
  strategy: { sampler: "random", maxTrials, parallelism, seed: 3 },
});

describe("worker and scheduler failures lose nothing", () => {
  let cluster: TestCluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it("a bad capacity flag stops the worker at start, naming the flag: no NaN slots or GPUs", async () => {
    for (const args of [
      ["--gpu-memory-mb", "lots"],
      ["--concurrency", "0"],
      ["--gpus", "1.5"],
    ]) {
      const worker = startApp("worker", { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" }, args);
      expect(await worker.exit()).toBe(1);
      expect(worker.output.join("\n")).toContain(`${args[0]} <`);
      expect(worker.output.join("\n")).toContain(`argument '${args[1]}' is invalid`);
      expect(worker.output.join("\n")).toContain("expected a positive integer");
    }
  });

  it("a worker killed with SIGKILL mid-trial: its trial is retried once, the study completes, nothing is recorded twice", async () => {
    cluster = await TestCluster.create();
    await cluster.startApi();
    cluster.startScheduler();
    const victim = await cluster.startWorker(["--id", "victim"]);
    const { id } = await cluster.submit(sleepSpec(1500, 6, 2));
    const doomed = await waitFor(
      async () => (await cluster!.trials(id)).find((t) => t.workerId === "victim" && t.state === "RUNNING"),
      30_000,
      "the victim to run a trial",
    );
    await victim.stop("SIGKILL");
    await cluster.startWorker(["--id", "survivor", "--concurrency", "2"]);
    await cluster.waitForStatus(id, "COMPLETED", 60_000);

    const trials = await cluster.trials(id);
    expect(trials).toHaveLength(6);
    expect(trials.every((t) => t.state === "COMPLETE" && t.values?.length === 1 && t.finishedAt !== null)).toBe(true);
    const retried = trials.find((t) => t.id === doomed.id);
    expect(retried?.attempt).toBe(2);
    expect(retried?.workerId).toBe("survivor");
    expect(trials.filter((t) => t.id !== doomed.id).every((t) => t.attempt === 1)).toBe(true);
  });

  it("SIGTERM hands a running trial back without spending an attempt; another worker finishes it", async () => {
    cluster = await TestCluster.create({ RECTUNE_SHUTDOWN_GRACE_MS: "300" });
    await cluster.startApi();
    cluster.startScheduler();
    const leaving = await cluster.startWorker(["--id", "leaving"]);
    const { id } = await cluster.submit(sleepSpec(4000, 1, 1));
    await waitFor(
      async () => (await cluster!.trials(id)).find((t) => t.state === "RUNNING"),
      30_000,
      "the trial to start",
    );
    expect(await leaving.stop("SIGTERM")).toBe(0);
    const handedBack = await cluster.store.trial(id, 0);
    expect(handedBack.state).toBe("WAITING");
    expect(handedBack.attempt).toBe(0);
    await cluster.startWorker(["--id", "staying"]);
    await cluster.waitForStatus(id, "COMPLETED", 60_000);
    const done = await cluster.store.trial(id, 0);
    expect([done.state, done.attempt, done.workerId]).toEqual(["COMPLETE", 1, "staying"]);
  });

  it("a standby scheduler takes over when the active one is killed mid-study: no trial lost or duplicated", async () => {
    cluster = await TestCluster.create();
    await cluster.startApi();
    const first = cluster.startScheduler();
    await first.waitForLine(/scheduler running/, 60_000);
    const standby = cluster.startScheduler();
    await standby.waitForLine(/waiting for the scheduler lock/, 60_000);
    await cluster.startWorker(["--concurrency", "4"]);
    const { id } = await cluster.submit(sleepSpec(200, 24, 4));
    await waitFor(
      async () => (await cluster!.store.studySummary(id)).counts.COMPLETE >= 6,
      30_000,
      "6 finished trials",
    );
    expect(standby.output.some((l) => /scheduler running/.test(l))).toBe(false);
    await first.stop("SIGKILL");
    const midway = (await cluster.store.study(id)).trialCount;
    expect(midway).toBeLessThan(24);
    // The standby is a fresh process: it rebuilds the study from PostgreSQL, as a restarted scheduler does.
    await standby.waitForLine(/scheduler running/, 30_000);
    await cluster.waitForStatus(id, "COMPLETED", 60_000);
    const trials = await cluster.trials(id);
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(trials.every((t) => t.state === "COMPLETE")).toBe(true);
    expect((await cluster.store.study(id)).trialCount).toBe(24);
  });
});
