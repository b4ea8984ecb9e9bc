import { branin, crossingObjective, curveObjective, hartmann6, rosenbrock, type Params } from "@rectune/search";
import { CURVE_STEPS, type FunctionTarget } from "@rectune/spec";
import type { Objective } from "./objective.js";

/** Why an abort interrupted a wait, as an Error (the signal's reason when it is one). */
const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error("aborted", { cause: signal.reason });

/** Sleeps for `ms` unless aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    if (ms === 0) return setImmediate(resolve);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A deterministic value of any configuration, so `sleep` studies have a leaderboard: the sum of squares
 * of the numeric parameters plus a stable hash-derived term for the others.
 */
export function deterministicValue(params: Params): number {
  let total = 0;
  for (const [k, v] of Object.entries(params).sort(([a], [b]) => a.localeCompare(b))) {
    if (typeof v === "number") total += v * v;
    else {
      let h = 0;
      for (const ch of `${k}=${String(v)}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
      total += (h % 1000) / 1000;
    }
  }
  return total;
}

/** The test functions take numbers only: a categorical in their space is a spec mistake worth naming. */
function numeric(params: Params): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== "number")
      throw new TypeError(`parameter ${k} must be numeric for this function, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

// Closed-form functions have no steps to report: the result is the whole trial.
const pure =
  (fn: (p: Readonly<Record<string, number>>) => number): Objective =>
  async ({ params }) => ({ metrics: { value: fn(numeric(params)) } });

/**
 * The `curve` and `crossing` targets: a known learning curve reported step by step (see @rectune/search's
 * curveObjective, crossingObjective). Its "weights" are only the step count, saved as a checkpoint before
 * each report, so a retried attempt resumes after its last reported step and a PBT exploit continues
 * under new params.
 */
function curve(target: FunctionTarget, valueAt: (params: Params, step: number) => number): Objective {
  const steps = target.steps ?? CURVE_STEPS;
  return async ({ params, report, saveCheckpoint, start, signal }) => {
    let current = params;
    let value = start ? valueAt(current, start.step) : Number.NaN;
    for (let step = (start?.step ?? 0) + 1; step <= steps; step++) {
      await sleep(target.durationMs ?? 0, signal);
      value = valueAt(current, step);
      await saveCheckpoint(step, new TextEncoder().encode(JSON.stringify({ step })));
      const verdict = await report(step, { value });
      if (verdict === "stop") break;
      if (verdict !== "continue") current = verdict.params;
    }
    return { metrics: { value } };
  };
}

/** The built-in synthetic objectives: exercise the cluster without training anything. */
export function functionObjective(target: FunctionTarget): Objective {
  switch (target.name) {
    case "branin":
      return pure(branin);
    case "hartmann6":
      return pure(hartmann6);
    case "rosenbrock":
      return pure(rosenbrock);
    case "sleep":
      return async ({ params, signal }) => {
        await sleep(target.durationMs ?? 1000, signal);
        return { metrics: { value: deterministicValue(params) } };
      };
    case "curve":
      return curve(target, curveObjective);
    case "crossing":
      return curve(target, crossingObjective);
  }
}
