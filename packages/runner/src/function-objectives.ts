import { defineObjective, type ObjectiveModule } from "@rectune/objective-sdk";
import { branin, crossingObjective, curveObjective, hartmann6, rosenbrock, type Params } from "@rectune/search";
import { CURVE_STEPS, type FunctionTarget, functionTargetSchema } from "@rectune/spec";
import { z } from "zod";
import type { Objective } from "./objective.js";
import { pluginObjective } from "./plugin-objective.js";

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

/** Any configuration of the study's space (the API checked it against the space at submit). */
export const anyParams: z.ZodType<Params> = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]));

/** A built-in function's options: the study's function target. */
const targetOf = (config: Readonly<Record<string, unknown>>): FunctionTarget => functionTargetSchema.parse(config);

// Closed-form functions have no steps to report: the result is the whole trial.
const pure = (name: FunctionTarget["name"], fn: (p: Readonly<Record<string, number>>) => number) =>
  defineObjective({ name, params: anyParams, run: async ({ params }) => ({ value: fn(numeric(params)) }) });

/**
 * The `curve` and `crossing` targets: a known learning curve reported step by step (see @rectune/search's
 * curveObjective, crossingObjective). Its "weights" are only the step count, saved as a checkpoint before
 * each report, so a retried attempt resumes after its last reported step and a PBT exploit continues
 * under new params.
 */
const curve = (name: FunctionTarget["name"], valueAt: (params: Params, step: number) => number) =>
  defineObjective({
    name,
    params: anyParams,
    async run({ params, config, report, checkpoint, signal }) {
      const target = targetOf(config);
      const steps = target.steps ?? CURVE_STEPS;
      const start = checkpoint.load();
      let current = params;
      let value = start ? valueAt(current, start.step) : Number.NaN;
      for (let step = (start?.step ?? 0) + 1; step <= steps; step++) {
        await sleep(target.durationMs ?? 0, signal);
        value = valueAt(current, step);
        await checkpoint.save(step, new TextEncoder().encode(JSON.stringify({ step })));
        const verdict = await report(step, { value });
        if (verdict.prune) break;
        if (verdict.exploit) current = verdict.exploit.params;
      }
      return { value };
    },
  });

/** The built-in synthetic objectives (the `function` targets): exercise the cluster without training anything. */
export const FUNCTION_OBJECTIVES: readonly ObjectiveModule<Params>[] = [
  pure("branin", branin),
  pure("hartmann6", hartmann6),
  pure("rosenbrock", rosenbrock),
  defineObjective({
    name: "sleep",
    params: anyParams,
    async run({ params, config, signal }) {
      await sleep(targetOf(config).durationMs ?? 1000, signal);
      return { value: deterministicValue(params) };
    },
  }),
  curve("curve", curveObjective),
  curve("crossing", crossingObjective),
];

/** No tfjs: what the synthetic functions run with outside a worker (tests, benches). */
const NO_BACKEND = { name: "none", tf: undefined };

/** A function target's objective, as a worker runs it (tests and benches that need no registry). */
export function functionObjective(target: FunctionTarget): Objective {
  const plugin = FUNCTION_OBJECTIVES.find((o) => o.name === target.name);
  if (!plugin) throw new Error(`no built-in function "${target.name}"`);
  return pluginObjective(plugin as ObjectiveModule, target, NO_BACKEND);
}
