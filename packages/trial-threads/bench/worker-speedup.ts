/**
 * bench:train's worker_speedup_2 — how much two trial threads of one worker process gain over one: the
 * same MF trial (MovieLens latest-small, the real recommender objective, as a worker runs it) alone, then
 * two at once, in a pool of two threads. speedup = 2 x (one trial's time) / (two trials' time); 2.0 is
 * perfect scaling on two idle cores. Both sides run in the same pool of two warmed-up threads, training the
 * same trial. Run by packages/tfjs-backend/bench/train.ts, or on its own:
 *   node --single-threaded --import tsx packages/trial-threads/bench/worker-speedup.ts [--ratings FILE] [--epochs N] [--backend NAME]
 * `--single-threaded` is how worker processes run (Dockerfile, `rectune worker`): V8's garbage collector
 * and optimizing compiler then work on the thread whose heap or code they serve instead of on V8's helper
 * threads, so one trial uses one core. Without it a trial alone also spread 11-13 % of its CPU time over
 * the helpers (concurrent marking, TurboFan jobs, sweeping, measured per thread in /proc), time that two
 * trials on two cores cannot borrow: the ratio was capped near 2 / 1.12.
 * Last line: one JSON object.
 */
import { loadavg } from "node:os";
import { dirname, resolve, join } from "node:path";
import { parseArgs } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import type { ObjectiveContext } from "@rectune/runner";
import { parseStudySpec } from "@rectune/spec";
import { BackendName } from "@rectune/tfjs-backend";
import { TrialThreadPool } from "../src/index.js";
import { threadCpuSpan } from "./thread-cpu.js";

const { values: opts } = parseArgs({
  options: {
    ratings: {
      type: "string",
      default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv"),
    },
    epochs: { type: "string", default: "3" },
    backend: { type: "string", default: "wasm" },
    "cache-dir": { type: "string", default: ".rectune/cache" },
  },
});

const spec = parseStudySpec({
  name: "worker-speedup",
  objective: { metric: "ndcg@10", direction: "maximize" },
  target: {
    kind: "recommender",
    model: "mf",
    dataset: { path: opts.ratings, format: "ml-latest" },
    fixed: { epochs: Number(opts.epochs), dim: 32, negatives: 4, lr: 0.005 },
    // Scored once, after the last epoch: the bench times training, as trials spend most of their time.
    evalEvery: 1000,
  },
  space: { l2: { type: "float", low: 1e-6, high: 1e-2, log: true } },
  strategy: { maxTrials: 3 },
});

function trialContext(): ObjectiveContext {
  return {
    params: { l2: 1e-4 },
    spec,
    trialNumber: 0,
    start: null,
    signal: new AbortController().signal,
    report: async () => "continue",
    saveCheckpoint: async () => {},
  };
}

const pool = await TrialThreadPool.start({
  size: 2,
  backend: BackendName.parse(opts.backend),
  cacheDir: opts["cache-dir"],
  // The ratings file's folder is the one data root the trials may read.
  dataRoots: [dirname(resolve(opts.ratings))],
});
/**
 * Wall seconds of `n` trials started together, the process's CPU seconds (every thread) meanwhile, and the
 * process's CPU seconds per CPU second of the trial threads (1.0: the trials stayed on their own threads).
 */
async function timeTrials(n: number): Promise<{ wall: number; cpu: number; spread: number | null; ends: number[] }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const threads = threadCpuSpan();
  const ends = await Promise.all(
    Array.from({ length: n }, async () => {
      await pool.run(spec.target, trialContext());
      return (performance.now() - t0) / 1000;
    }),
  );
  const cpu = process.cpuUsage(c0);
  const span = threads(n);
  const spread = span && span.busiest > 0 ? span.all / span.busiest : null;
  return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, spread, ends };
}

// Warm-up: prepares the dataset cache and each thread's JIT, so neither side pays for them.
await timeTrials(2);
const one = await timeTrials(1);
const two = await timeTrials(2);
await pool.close();
const speedup = (2 * one.wall) / two.wall;
const load = loadavg()[0] ?? 0;
const ends = two.ends.map((e) => e.toFixed(2)).join(" s and ");
console.log(`MF, ${opts.epochs} epochs, ${opts.backend}; load average ${load.toFixed(2)}`);
const singleThreaded = process.execArgv.includes("--single-threaded");
// Cores one trial keeps busy: 1.0 when it stays on its own thread (under load, less: it waits for a core).
const oneTrialCores = one.cpu / one.wall;
const spread = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
console.log(`V8 helper threads: ${singleThreaded ? "off (--single-threaded)" : "on"}`);
console.log(
  `1 trial: ${one.wall.toFixed(2)} s (cpu ${one.cpu.toFixed(2)} s, ${oneTrialCores.toFixed(2)} cores; ` +
    `process cpu / trial thread cpu ${spread(one.spread)})`,
);
// Both trials ending together shows they trained side by side, not one after the other.
console.log(
  `2 trials at once, 2 threads: ${two.wall.toFixed(2)} s (cpu ${two.cpu.toFixed(2)} s; ` +
    `process cpu / trial threads' cpu ${spread(two.spread)}), ended at ${ends} s`,
);
console.log(`speedup ${speedup.toFixed(2)} (2.0: both cores fully used)`);
const round = (x: number) => Math.round(x * 1000) / 1000;
console.log(
  JSON.stringify({
    one_trial_s: round(one.wall),
    one_trial_cpu_s: round(one.cpu),
    one_trial_cores: round(oneTrialCores),
    one_trial_cpu_spread: one.spread === null ? null : round(one.spread),
    two_trials_cpu_spread: two.spread === null ? null : round(two.spread),
    two_trials_s: round(two.wall),
    two_trials_cpu_s: round(two.cpu),
    worker_speedup_2: round(speedup),
    single_threaded: singleThreaded,
    loadavg_1m: round(load),
  }),
);
