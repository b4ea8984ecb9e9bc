import { fileURLToPath } from "node:url";
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

/** The probe module (./testing/probe-objective.ts), loaded by each thread as RECTUNE_OBJECTIVES modules are. */
const modules = { list: "./testing/probe-objective.ts", baseDir: fileURLToPath(new URL(".", import.meta.url)) };
const probe = (config: Record<string, unknown> = {}) =>
  parseStudySpec({ ...spec, target: { kind: "module", name: "thread-probe", config } });

let pool: TrialThreadPool;
beforeAll(async () => {
  // The plain cpu backend loads fastest; the function targets do not use tfjs at all.
  pool = await TrialThreadPool.start({ size: 2, backend: "cpu", cacheDir: ".rectune/cache", dataRoots: [], modules });
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

  it("passes an abort that came before the objective started on to it", async () => {
    const abort = new AbortController();
    abort.abort(new Error("study stopped"));
    const slow = parseStudySpec({ ...spec, target: { kind: "function", name: "sleep", durationMs: 60_000 } });
    const { ctx } = context(() => "continue", abort.signal);
    await expect(pool.run(slow.target, { ...ctx, spec: slow })).rejects.toThrow("trial interrupted: study stopped");
  });

  it("runs an operator's module in a thread, with its reports and the runner's verdicts crossing over", async () => {
    const modular = probe();
    const { ctx, reports } = context(() => "stop");
    const result = await pool.run(modular.target, { ...ctx, spec: modular });
    expect(reports).toEqual([[1, 0.3]]);
    expect(result.metrics).toMatchObject({ value: 0.3, pruned: 1 });
    expect(result.metrics.threadId).toBeGreaterThan(0);
  });

  it("runs a module's refit in a thread: the champion's params and best step go in, its weights come back", async () => {
    const modular = probe();
    const signal = new AbortController().signal;
    const refit = await pool.refit(modular.target, { params, spec: modular, trialNumber: 5, bestStep: 3, signal });
    expect(refit).toMatchObject({ testMetrics: { value: 0.6 }, steps: 3, dataset: "probe on cpu" });
    expect(refit.testMetrics.threadId).toBeGreaterThan(0);
    expect([...(refit.weights ?? [])]).toEqual([5, 7]);
  });

  it("terminates the thread of an objective that does not stop once aborted; the next trial gets a new thread", async () => {
    const small = await TrialThreadPool.start({
      size: 1,
      backend: "cpu",
      cacheDir: ".rectune/cache",
      dataRoots: [],
      modules,
      abortGraceMs: 200,
    });
    try {
      const abort = new AbortController();
      const stubborn = probe({ stubborn: true });
      const { ctx } = context(() => "continue", abort.signal);
      const running = small.run(stubborn.target, { ...ctx, spec: stubborn });
      abort.abort(new Error("study stopped"));
      await expect(running).rejects.toThrow(
        "the objective did not stop within 200 ms of its abort (study stopped): its thread was terminated",
      );
      const after = context(() => "continue");
      expect((await small.run(probe().target, { ...after.ctx, spec: probe() })).metrics.value).toBe(0.3);
    } finally {
      await small.close();
    }
  }, 60_000);
});
