import type { CapacityJson } from "@rectune/api-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { startApp, waitFor } from "./helpers/processes.js";

const study = (name: string, accelerator: string) => ({
  name,
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "branin" },
  space: { x0: { type: "float", low: -5, high: 10 }, x1: { type: "float", low: 0, high: 15 } },
  strategy: { sampler: "random", maxTrials: 6, parallelism: 2 },
  resources: { accelerator },
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
});
