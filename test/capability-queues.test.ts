import type { CapacityJson } from "@rectune/api-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { startApp, waitFor } from "./helpers/processes.js";

const study = (name: string, accelerator: string, more: { cpus?: number; target?: object } = {}) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: more.target ?? { kind: "function", name: "branin" },
  space: { x0: { type: "float", low: -5, high: 10 }, x1: { type: "float", low: 0, high: 15 } },
  strategy: { sampler: "random", maxTrials: 6, parallelism: 2 },
  resources: { accelerator, ...(more.cpus === undefined ? {} : { cpus: more.cpus }) },
});

describe("capability queues in a cluster with one CPU worker", () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // The worker's backend is a CPU one here (no tfjs-node-gpu): it consumes the cpu and any queues.
    // Every process on an ephemeral metrics port (it logs which).
    cluster = await TestCluster.started([["--concurrency", "2"]], { RECTUNE_METRICS_PORT: "0" });
  }, 180_000);
  afterAll(() => cluster.close());

  const capacity = async () => (await (await fetch(`${cluster.apiUrl}/v1/capacity`)).json()) as CapacityJson;

  it("runs cpu and any studies; a gpu study waits, shown as unserved in /v1/capacity, /metrics and rectune status", async () => {
    const gpu = await cluster.submit(study("needs-a-gpu", "gpu"));
    const cpu = await cluster.submit(study("cpu-only", "cpu"));
    const any = await cluster.submit(study("anywhere", "any"));
    await cluster.waitForStatus(cpu.id, "COMPLETED", 60_000);
    await cluster.waitForStatus(any.id, "COMPLETED", 60_000);

    const seen = await waitFor(
      async () => {
        const c = await capacity();
        return c.queues.find((q) => q.accelerator === "gpu")?.backlog === 2 ? c : undefined;
      },
      15_000,
      "the gpu study's two trials on the gpu queue",
    );
    expect(seen.queues).toEqual([
      { accelerator: "gpu", backlog: 2, liveWorkers: 0, slots: 0, unserved: true },
      { accelerator: "cpu", backlog: 0, liveWorkers: 1, slots: 2, unserved: false },
      { accelerator: "any", backlog: 0, liveWorkers: 1, slots: 2, unserved: false },
    ]);
    expect(seen.unservedStudies).toEqual([
      {
        id: gpu.id,
        name: "needs-a-gpu",
        accelerator: "gpu",
        reason: "its trials need a GPU worker (tfjs-node-gpu) and none is live",
      },
    ]);
    expect((await cluster.trials(gpu.id)).map((t) => t.state)).toEqual(["WAITING", "WAITING"]);

    const metrics = await (await fetch(`${cluster.apiUrl}/metrics`)).text();
    expect(metrics).toContain('rectune_queue_backlog{accelerator="gpu"} 2');
    expect(metrics).toContain('rectune_trials{state="WAITING"} 2');
    expect(metrics).toMatch(/rectune_workers\{backend="[a-z-]+"\} 1/);
    expect(metrics).not.toMatch(/trial_?id|study_?id/);

    // The worker timed its 12 branin trials; the scheduler timed its passes.
    const [, scheduler, worker] = cluster.processes;
    const metricsOf = async (proc: typeof worker) => {
      const { port } = JSON.parse(await proc!.waitForLine(/metrics at \/metrics/, 10_000)) as { port: number };
      return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    };
    expect(await metricsOf(worker)).toContain(
      'rectune_trial_duration_seconds_count{target="branin",outcome="complete"} 12',
    );
    expect(await metricsOf(scheduler)).toMatch(/rectune_scheduler_pass_seconds_count [1-9]\d*/);

    const status = startApp("cli", { ...cluster.env, RECTUNE_API_URL: cluster.apiUrl }, ["status"]);
    expect(await status.exit()).toBe(0);
    const lines = status.output.join("\n");
    expect(lines).toContain("queue gpu  2 waiting, 0 live worker(s), 0 slot(s)  <- no live worker serves this queue");
    expect(lines).toMatch(
      new RegExp(
        `study ${gpu.id} .*needs-a-gpu  \\(waiting: its trials need a GPU worker \\(tfjs-node-gpu\\) and none is live\\)`,
      ),
    );
  });

  it("runs a cpus:2 study's trials one at a time on the 2-slot worker, and reports a cpus:4 one unservable", async () => {
    const pair = await cluster.submit(
      study("two-cores-each", "cpu", { cpus: 2, target: { kind: "function", name: "sleep", durationMs: 200 } }),
    );
    const big = await cluster.submit(study("four-cores-each", "cpu", { cpus: 4 }));
    await cluster.waitForStatus(pair.id, "COMPLETED", 60_000);
    // Each trial claimed (startedAt) only after the one before it finished: both store clock times.
    const runs = (await cluster.trials(pair.id))
      .map((t) => [t.startedAt!.getTime(), t.finishedAt!.getTime()] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(runs).toHaveLength(6);
    const overlaps = runs.slice(1).filter(([start], i) => start < runs[i]![1]);
    expect(overlaps).toEqual([]);

    const unserved = await waitFor(
      async () => (await capacity()).unservedStudies.find((u) => u.id === big.id),
      15_000,
      "the cpus:4 study reported unservable",
    );
    expect(unserved).toEqual({
      id: big.id,
      name: "four-cores-each",
      accelerator: "cpu",
      reason: "its trials need 4 cpus and the largest live CPU worker has 2 slot(s)",
    });
    // The worker took its jobs and handed them back: the trials still wait, none ran or failed.
    const [, , worker] = cluster.processes;
    await worker!.waitForLine(/trial handed back/, 15_000);
    expect((await cluster.trials(big.id)).map((t) => t.state)).toEqual(["WAITING", "WAITING"]);
  });
});
