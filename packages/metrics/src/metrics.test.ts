import { describe, expect, it } from "vitest";
import { Registry, registerClusterGauges, serveMetrics, trialDurationHistogram } from "./index.js";

describe("cluster metrics", () => {
  it("reads every gauge from its source at scrape time, with capability, state and backend labels only", async () => {
    const registry = new Registry();
    let gpu = 3;
    registerClusterGauges(registry, {
      backlog: async () => ({ gpu, cpu: 0, any: 7 }),
      trialsByState: async () => ({ RUNNING: 2, COMPLETE: 40 }),
      workersByBackend: async () => ({ wasm: 2, "tensorflow-gpu": 1 }),
    });
    const first = await registry.metrics();
    expect(first).toContain('rectune_queue_backlog{accelerator="gpu"} 3');
    expect(first).toContain('rectune_queue_backlog{accelerator="any"} 7');
    expect(first).toContain('rectune_trials{state="COMPLETE"} 40');
    expect(first).toContain('rectune_workers{backend="tensorflow-gpu"} 1');
    gpu = 0;
    expect(await registry.metrics()).toContain('rectune_queue_backlog{accelerator="gpu"} 0');
  });

  it("serves /metrics over HTTP with the trial duration histogram", async () => {
    const registry = new Registry();
    trialDurationHistogram(registry).observe({ target: "mf", outcome: "complete" }, 42);
    const { server, port } = await serveMetrics(registry, 0, "127.0.0.1");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('rectune_trial_duration_seconds_bucket{le="60",target="mf",outcome="complete"} 1');
      expect(body).toContain('rectune_trial_duration_seconds_sum{target="mf",outcome="complete"} 42');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
