import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import type { AppProcess } from "./helpers/processes.js";
import { waitFor } from "./helpers/processes.js";

/** Longer than the cluster's stale-after (2 s) and many heartbeats (300 ms): one step's computation, unyielding. */
const BUSY_MS = 3_000;

/**
 * An operator's objective module (test/fixtures/busy-objective.ts) runs in a trial thread, not on the
 * worker's own thread: while it computes for seconds without yielding, the worker keeps heartbeating its
 * trial (never reaped, never run twice) and still hears a stop, which reaches the module through its signal.
 */
describe("objective modules run in trial threads", () => {
  let cluster: TestCluster;
  let worker: AppProcess;
  const markDir = mkdtempSync(join(tmpdir(), "rectune-busy-"));
  const study = (name: string, config: { busyMs: number; steps: number }) => ({
    name,
    objective: { metric: "value", direction: "minimize" },
    target: { kind: "module", name: "busy-loop", config: { ...config, markDir } },
    space: { x: { type: "float", low: 0, high: 1 } },
    strategy: { sampler: "random", pruner: "none", maxTrials: 1, parallelism: 1, maxAttempts: 3 },
  });

  beforeAll(async () => {
    cluster = await TestCluster.create({ RECTUNE_OBJECTIVES: "./test/fixtures/busy-objective.ts" });
    await cluster.startApi();
    cluster.startScheduler();
    worker = await cluster.startWorker(["--id", "busy"]);
  });

  afterAll(async () => {
    await cluster?.close();
    rmSync(markDir, { recursive: true, force: true });
  });

  it("keeps the lease of a trial whose module computes for longer than the lease without yielding", async () => {
    expect(await worker.waitForLine(/worker ready/)).toMatch(/"trials":"threads"/);
    const { id } = await cluster.submit(study("busy", { busyMs: BUSY_MS, steps: 2 }));
    await cluster.waitForStatus(id, "COMPLETED", 90_000);
    const [trial] = await cluster.trials(id);
    // Claimed once (attempt 1), finished by that claim: the reaper never put it back.
    expect([trial?.state, trial?.attempt, trial?.workerId]).toEqual(["COMPLETE", 1, "busy"]);
    expect(await cluster.reports(trial!.id)).toEqual([
      { step: 1, attempt: 1, value: expect.any(Number) },
      { step: 2, attempt: 1, value: expect.any(Number) },
    ]);
  });

  it("stopping the study aborts the computing module through its signal; its trial is handed back", async () => {
    const { id } = await cluster.submit(study("busy-stopped", { busyMs: 500, steps: 10_000 }));
    const trial = await waitFor(
      async () => {
        const first = (await cluster.trials(id))[0];
        return first && (await cluster.reports(first.id)).length >= 1 ? first : undefined;
      },
      60_000,
      "the trial's first report",
    );
    const res = await fetch(`${cluster.apiUrl}/v1/studies/${id}/stop`, { method: "POST" });
    expect(res.status).toBe(200);
    const mark = join(markDir, `aborted-${trial.number}`);
    await waitFor(
      async () => {
        try {
          return readFileSync(mark, "utf8");
        } catch {
          return undefined;
        }
      },
      30_000,
      "the module to see its signal aborted",
    );
    expect(readFileSync(mark, "utf8")).toBe("trial interrupted: study stopped");
    const handedBack = await waitFor(
      async () => (await cluster.trials(id)).find((t) => t.state === "WAITING"),
      30_000,
      "the trial to be handed back",
    );
    // Handed back without spending its attempt, by the only claim it had.
    expect([handedBack.attempt, handedBack.workerId]).toEqual([0, null]);
    expect(new Set((await cluster.reports(trial.id)).map((r) => r.attempt))).toEqual(new Set([1]));
  });
});
