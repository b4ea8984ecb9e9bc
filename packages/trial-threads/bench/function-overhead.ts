/**
 * npm run bench:thread-overhead — what a trial thread would cost the synthetic function objectives (the
 * targets of bench:lifecycle's worker phases), against the calling thread where the worker runs them: the
 * same trials of `sleep` (0 ms, one result, no report) and of `curve` (9 steps, a checkpoint and a report
 * each), `--concurrency` at once, run on this thread and then through a pool of as many trial threads. Each
 * report is answered at once, so what is timed is the objective and its messages, not a store. CPU time is
 * the whole process's (every thread's), so the threads' side pays for its messages on both ends; it bends
 * less than wall time on a loaded machine. The pool's start (a tfjs backend per thread) is timed apart.
 *   tsx packages/trial-threads/bench/function-overhead.ts [--trials N] [--concurrency C] [--backend NAME]
 * Last line: one JSON object.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { functionObjective, type ObjectiveContext, type ObjectiveResult } from "@rectune/runner";
import { parseStudySpec, type Target } from "@rectune/spec";
import { BackendName } from "@rectune/tfjs-backend";
import { TrialThreadPool } from "../src/index.js";

const { values: opts } = parseArgs({
  options: {
    trials: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "8" },
    backend: { type: "string", default: "cpu" },
  },
});
const trials = Number(opts.trials);
const concurrency = Number(opts.concurrency);
const backend = BackendName.parse(opts.backend);
const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

const specOf = (target: Record<string, unknown>) =>
  parseStudySpec({
    name: "thread-overhead",
    objective: { metric: "value", direction: "minimize" },
    target,
    space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
    strategy: { maxTrials: trials },
  });
const targets = {
  sleep: specOf({ kind: "function", name: "sleep", durationMs: 0 }),
  curve: specOf({ kind: "function", name: "curve", steps: 9 }),
};

const contextOf = (spec: ReturnType<typeof specOf>, n: number): ObjectiveContext => ({
  params: { x: (n % 97) / 97, lr: 0.01 },
  spec,
  trialNumber: n,
  start: null,
  signal: new AbortController().signal,
  report: async () => "continue",
  saveCheckpoint: async () => {},
});

/** Runs `trials` trials, `concurrency` at once; CPU (every thread of the process) and wall ms per trial. */
async function measure(
  spec: ReturnType<typeof specOf>,
  run: (target: Target, ctx: ObjectiveContext) => Promise<ObjectiveResult>,
) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < trials) await run(spec.target, contextOf(spec, next++));
    }),
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / trials, wallMs: wallMs / trials };
}

const inProcess = (target: Target, ctx: ObjectiveContext) => {
  if (target.kind !== "function") throw new Error("a function target");
  return functionObjective(target).run(ctx);
};

const startedPool = performance.now();
const pool = await TrialThreadPool.start({ size: concurrency, backend, cacheDir: ".rectune/cache", dataRoots: [] });
const poolStartMs = performance.now() - startedPool;
const results: Record<string, unknown> = { trials, concurrency, backend, pool_start_ms: Math.round(poolStartMs) };
try {
  for (const [name, spec] of Object.entries(targets)) {
    // A warm-up round each, so neither side pays for the first compilation.
    await measure(spec, inProcess);
    await measure(spec, (target, ctx) => pool.run(target, ctx));
    const here = await measure(spec, inProcess);
    const threaded = await measure(spec, (target, ctx) => pool.run(target, ctx));
    console.log(
      `${name}: in-process ${round(here.cpuMs)} ms CPU, ${round(here.wallMs)} ms wall per trial; ` +
        `trial threads ${round(threaded.cpuMs)} ms CPU, ${round(threaded.wallMs)} ms wall per trial; ` +
        `CPU ratio threads / in-process ${round(threaded.cpuMs / here.cpuMs, 1)}`,
    );
    Object.assign(results, {
      [`${name}_in_process_cpu_ms`]: round(here.cpuMs),
      [`${name}_threads_cpu_ms`]: round(threaded.cpuMs),
      [`${name}_in_process_wall_ms`]: round(here.wallMs),
      [`${name}_threads_wall_ms`]: round(threaded.wallMs),
      [`${name}_cpu_ratio`]: round(threaded.cpuMs / here.cpuMs, 1),
    });
  }
} finally {
  await pool.close();
}
console.log(
  `pool of ${concurrency} threads (${backend}) started in ${Math.round(poolStartMs)} ms; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(JSON.stringify({ ...results, load_average: round(loadavg()[0] ?? 0, 2) }));
