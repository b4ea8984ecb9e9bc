import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestCluster } from "./helpers/cluster.js";
import { waitFor } from "./helpers/processes.js";

/** Debian's interpreter: the client needs only the standard library (the example's torch is optional). */
const PYTHON = "/usr/bin/python3";
const EXAMPLE = "clients/python/examples/tune_mf.py";
const EPOCHS = 6;

interface Run {
  readonly proc: ChildProcess;
  readonly output: string[];
}

function python(args: string[]): Run {
  const proc = spawn(PYTHON, args, { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  proc.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  return { proc, output };
}

/**
 * The Python client (clients/python/rectune_client.py) against the API and scheduler processes: three
 * clients run a study in parallel with pruning, and a client killed mid-trial loses its trial to another.
 */
describe.skipIf(!existsSync(PYTHON))("Python ask/tell client", () => {
  let cluster: TestCluster;
  let base: string;

  beforeAll(async () => {
    // No workers: clients run the trials. A short lease (stale window): a lost client's trial comes back soon.
    cluster = await TestCluster.started([], { RECTUNE_STALE_AFTER_MS: "1500" });
    base = cluster.apiUrl;
  });

  afterAll(async () => {
    await cluster?.close();
  });

  it("three clients share a study with pruning; a killed client's trial comes back under attempt 2", async () => {
    const { id } = await cluster.submit({
      name: "python-clients",
      objective: { metric: "ndcg@10", direction: "maximize" },
      target: { kind: "external", name: "synthetic-mf", steps: EPOCHS },
      space: {
        lr: { type: "float", low: 0.001, high: 0.05, log: true },
        l2: { type: "float", low: 1e-7, high: 1e-3, log: true },
        dim: { type: "int", low: 16, high: 128, step: 16 },
      },
      strategy: { maxTrials: 12, parallelism: 3, seed: 3, pruner: { name: "median", warmupSteps: 1, minTrials: 2 } },
    });
    // A client that takes trial 0, reports a step and hangs: killed without a word, as a crashed job.
    const stalling = python(["test/fixtures/stalling_client.py", base, String(id)]);
    await waitFor(async () => stalling.output.join("").includes("reported trial"), 30_000, "the stalling client");
    stalling.proc.kill("SIGKILL");
    const clients = [1, 2, 3].map(() =>
      python([
        EXAMPLE,
        "--url",
        base,
        "--study",
        String(id),
        "--objective",
        "synthetic",
        "--epochs",
        String(EPOCHS),
        "--step-seconds",
        "0.05",
      ]),
    );
    const codes = await Promise.all(
      clients.map(async (c) => (c.proc.exitCode ?? (await once(c.proc, "exit"))[0]) as number),
    );
    expect(codes, clients.map((c) => c.output.join("")).join("\n---\n")).toEqual([0, 0, 0]);
    await cluster.waitForStatus(id, "COMPLETED", 15_000);

    const trials = await cluster.trials(id);
    expect(trials).toHaveLength(12);
    expect(trials.every((t) => t.state === "COMPLETE" || t.state === "PRUNED")).toBe(true);
    // The killed client's trial went back after its lease and another client finished it.
    const rescued = trials[0]!;
    expect(rescued.attempt).toBe(2);
    expect(rescued.workerId).not.toBe("stalling");
    // The clients ran side by side (each names itself host:pid) and every one of them got trials.
    expect(new Set(trials.map((t) => t.workerId)).size).toBe(3);
    // Pruning honoured: a pruned trial stopped reporting at the step the pruner stopped it.
    const pruned = trials.filter((t) => t.state === "PRUNED");
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      const steps = (await cluster.reports(t.id)).map((r) => r.step);
      expect(steps.at(-1)).toBe(t.lastStep);
      expect(t.lastStep).toBeLessThan(EPOCHS);
    }
    const completed = trials.filter((t) => t.state === "COMPLETE");
    for (const t of completed)
      expect(Object.keys(t.metrics ?? {}).sort()).toEqual(["bestEpoch", "ndcg@10", "test/ndcg@10"]);
  });
});
