import type { Direction, TrialRecord } from "../history.js";
import type { DecideContext, StepDecision } from "./pruner.js";

/** The direction intermediate values are compared in: the study's first objective. */
export function directionOf(ctx: DecideContext): Direction {
  const direction = ctx.history.directions[0];
  if (!direction) throw new RangeError("a study needs at least one objective direction");
  return direction;
}

/** Whether `a` is strictly better than `b`. */
export const isBetter = (a: number, b: number, direction: Direction): boolean =>
  direction === "minimize" ? a < b : a > b;

export interface PeerValue {
  readonly number: number;
  readonly value: number;
}

/**
 * The finite values other trials reported at `step`, in trial-number order. Every state counts: a
 * running, pruned or finished trial that reached the step is evidence of what the step looks like, and
 * a retried trial's report is one row per (trial, step), so it is never counted twice.
 */
export function peersAtStep(
  ctx: DecideContext,
  step: number,
  include: (t: TrialRecord) => boolean = () => true,
): PeerValue[] {
  const peers: PeerValue[] = [];
  for (const t of ctx.history.trials) {
    if (t.number === ctx.trial.number || !include(t)) continue;
    const value = t.intermediate.get(step);
    if (value !== undefined && Number.isFinite(value)) peers.push({ number: t.number, value });
  }
  return peers;
}

/** 1-based rank of `value` among `others` plus itself: 1 + the number of strictly better values (ties share a rank). */
export function rankAmong(value: number, others: readonly number[], direction: Direction): number {
  let better = 0;
  for (const o of others) if (isBetter(o, value, direction)) better++;
  return better + 1;
}

/** Linear-interpolation percentile (numpy's default) of `values`, `p` in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** The trial's best finite value at steps up to and including `step`, or undefined. */
export function bestUpTo(trial: TrialRecord, step: number, direction: Direction): number | undefined {
  let best: number | undefined;
  for (const [s, v] of trial.intermediate) {
    if (s > step || !Number.isFinite(v)) continue;
    if (best === undefined || isBetter(v, best, direction)) best = v;
  }
  return best;
}

/**
 * The prune decision for a trial whose report at the deciding step is missing or not finite (a diverged
 * model: NaN or infinite loss does not recover), else undefined.
 */
export function divergedDecision(ctx: DecideContext): StepDecision | undefined {
  const v = ctx.trial.intermediate.get(ctx.step);
  if (v !== undefined && Number.isFinite(v)) return undefined;
  return { action: "prune", reason: `value at step ${ctx.step} is ${v === undefined ? "missing" : String(v)}` };
}
