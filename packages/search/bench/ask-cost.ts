/** Per-ask cost of a sampler on a long history (bench:samplers and bench:suite print it). */
import { createRng, createSampler, suggest, type Params, type SamplerConfig, type TrialRecord } from "../src/index.js";
import { fromUnit } from "../src/space/transform.js";
import { median, type Problem } from "./problems.js";

/** A history of n finished random trials (values from the problem), for timing asks. */
function randomHistory(problem: Problem, n: number): TrialRecord[] {
  // Seeded once per problem: the same trials whatever n, so that a longer history extends a shorter one.
  const rng = createRng(12345);
  return Array.from({ length: n }, (_, i) => {
    const params: Params = {};
    for (const [name, def] of Object.entries(problem.space)) params[name] = fromUnit(def, rng.next());
    return {
      number: i,
      state: "COMPLETE",
      params,
      values: [problem.f(params)],
      intermediate: new Map(),
    } satisfies TrialRecord;
  });
}

/**
 * Median wall-clock and mean CPU milliseconds of one ask on a history of n finished trials. As in a running
 * study, each timed ask sees one more finished trial than the last (so TPE's history cache does its
 * incremental work); `cold` instead times the first ask of a fresh sampler each time (cache built from
 * scratch). CPU time is the figure to compare when other jobs share the cores (wall-clock then counts
 * their time slices too).
 */
const WARMUP_ASKS = 10;

export function timeAsk(
  config: SamplerConfig,
  problem: Problem,
  n: number,
  repeats: number,
  cold = false,
): { wallMs: number; cpuMs: number } {
  const trials = randomHistory(problem, n + repeats);
  const history = { directions: ["minimize" as const], trials: trials.slice(0, n) };
  let sampler = createSampler(config);
  // Warm-up: a study a thousand trials long runs optimized code; the first few asks run in V8's baseline tiers.
  for (let w = 0; w < WARMUP_ASKS; w++) suggest(sampler, problem.space, history, n, 1000 + w);
  const wall: number[] = [];
  // CPU time over the whole batch: the kernel accounts it in scheduler ticks (ms), too coarse for one ask.
  const c0 = process.cpuUsage();
  for (let r = 0; r < repeats; r++) {
    if (cold) sampler = createSampler(config);
    else history.trials.push(trials[n + r]!);
    const t0 = performance.now();
    suggest(sampler, problem.space, history, history.trials.length, 1 + r);
    wall.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  return { wallMs: median(wall), cpuMs: (c.user + c.system) / 1000 / repeats };
}

/** The cost target: a TPE ask on Hartmann-6 with 1,000 finished trials, in ms. */
export const TPE_ASK_TARGET_MS = 5;
