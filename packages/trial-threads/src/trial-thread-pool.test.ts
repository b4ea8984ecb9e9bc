import { threadId } from "node:worker_threads";
import { functionObjective, type ObjectiveContext, type StepVerdict } from "@rectune/runner";
import { parseStudySpec } from "@rectune/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrialThreadPool } from "./trial-thread-pool.js";

const spec = parseStudySpec({
  name: "curve",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: 4 },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
  strategy: { maxTrials: 1 },
});
const params = { x: 0.3, lr: 0.01 };

/** A context that records what the thread sent and answers every report with `verdict(step)`. */
function context(verdict: (step: number) => StepVerdict, signal = new AbortController().signal) {
  const reports: [number, number][] = [];
  const saved: [number, string][] = [];
  const ctx: ObjectiveContext = {
    params,
    spec,
    trialNumber: 0,
    start: null,
    signal,
    report: async (step, metrics) => {
      reports.push([step, metrics.value as number]);
      return verdict(step);
    },
    saveCheckpoint: async (step, data) => {
      saved.push([step, new TextDecoder().decode(data)]);
    },
  };
  return { ctx, reports, saved };
}

let pool: TrialThreadPool;
beforeAll(async () => {
  // The plain cpu backend loads fastest; the function targets do not use tfjs at all.
  pool = await TrialThreadPool.start({ size: 2, backend: "cpu", cacheDir: ".rectune/cache", dataRoots: [] });
}, 60_000);
afterAll(() => pool.close());

describe("TrialThreadPool", () => {
  it("runs the objective in a thread with the same reports, checkpoints and result as in this thread", async () => {
    const inThread = context(() => "continue");
    const here = context(() => "continue");
    const target = spec.target;
    const threaded = await pool.run(target, inThread.ctx);
    const local = await functionObjective(target as Extract<typeof target, { kind: "function" }>).run(here.ctx);
    expect(threadId).toBe(0); // the test itself runs on a main thread: the comparison is thread vs. not
    expect(threaded).toEqual(local);
    expect(inThread.reports).toEqual(here.reports);
    expect(inThread.saved).toEqual(here.saved);
    expect(inThread.reports.map(([step]) => step)).toEqual([1, 2, 3, 4]);
  });

  it("passes the runner's verdicts back: a stop ends the objective after that step", async () => {
    const { ctx, reports } = context((step) => (step === 2 ? "stop" : "continue"));
    const result = await pool.run(spec.target, ctx);
    expect(reports.map(([step]) => step)).toEqual([1, 2]);
    expect(result.metrics.value).toBe(reports[1]?.[1]);
  });

  it("runs as many trials at once as it has threads, and more once one is free", async () => {
    const runs = Array.from({ length: 3 }, () => context(() => "continue"));
    const results = await Promise.all(runs.map(({ ctx }) => pool.run(spec.target, ctx)));
    expect(results.map((r) => r.metrics.value)).toEqual(runs.map((r) => r.reports.at(-1)?.[1]));
  });

  it("rejects with the thread's error when the objective fails", async () => {
    const failing = parseStudySpec({
      ...spec,
      target: { kind: "function", name: "branin" },
      space: { c: { type: "categorical", choices: ["a"] } },
    });
    const { ctx } = context(() => "continue");
    await expect(pool.run(failing.target, { ...ctx, params: { c: "a" }, spec: failing })).rejects.toThrow(
      /parameter c must be numeric/,
    );
  });

  it("interrupts the objective in its thread when the runner aborts", async () => {
    const abort = new AbortController();
    const slow = parseStudySpec({ ...spec, target: { kind: "function", name: "sleep", durationMs: 60_000 } });
    const { ctx } = context(() => "continue", abort.signal);
    const running = pool.run(slow.target, { ...ctx, spec: slow });
    setTimeout(() => abort.abort(new Error("shutdown")), 50);
    await expect(running).rejects.toThrow(/interrupted/);
  });
});
