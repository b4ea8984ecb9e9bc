import { type CurvePoint, lttb } from "./downsample.js";

/** One trial's intermediate values, in step order. */
export interface TrialCurve {
  readonly number: number;
  readonly state: string;
  /** The trial's final objective value (null until it completes). */
  readonly value: number | null;
  readonly points: readonly CurvePoint[];
}

/** The spread of every trial's value at one step: what the curves not drawn look like. */
export interface StepBand {
  readonly step: number;
  readonly count: number;
  readonly min: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly max: number;
}

export interface CurveSelection {
  /** Trials with at least one intermediate value. */
  readonly trials: number;
  readonly curves: { number: number; state: string; lastStep: number; points: CurvePoint[] }[];
  readonly bands: StepBand[];
}

export interface CurveOptions {
  readonly direction: "minimize" | "maximize";
  /** At most this many curves are drawn. */
  readonly maxCurves: number;
  /** At most this many points per curve (LTTB). */
  readonly maxPoints: number;
  /** Trials drawn whatever the budget (the one a user opened). */
  readonly include?: readonly number[];
}

/**
 * Which learning curves a chart draws when a study has more than it can show, and the per-step
 * quantiles of all of them: the requested trials, the running ones (up to a quarter of the budget), the
 * best completed ones (half), then an even spread over the rest by trial number, pruned ones included so
 * the chart shows where pruning cut. Each curve is downsampled to `maxPoints` with LTTB; a pruned
 * curve's last point is its last reported step, where the chart marks it.
 */
export function selectCurves(all: readonly TrialCurve[], options: CurveOptions): CurveSelection {
  const curves = all.filter((c) => c.points.length > 0);
  const chosen = new Set<number>();
  const byNumber = new Map(curves.map((c) => [c.number, c]));
  const take = (numbers: Iterable<number>, limit: number) => {
    for (const n of numbers) {
      if (chosen.size >= limit) return;
      if (byNumber.has(n)) chosen.add(n);
    }
  };
  const budget = options.maxCurves;
  take(options.include ?? [], budget);
  const running = curves.filter((c) => c.state === "RUNNING").map((c) => c.number);
  take(running, Math.min(budget, chosen.size + Math.ceil(budget / 4)));
  const sign = options.direction === "maximize" ? -1 : 1;
  const best = curves
    .filter((c) => c.state === "COMPLETE" && c.value !== null && Number.isFinite(c.value))
    .sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number)
    .map((c) => c.number);
  take(best, Math.min(budget, chosen.size + Math.ceil(budget / 2)));
  const rest = curves.filter((c) => !chosen.has(c.number)).map((c) => c.number);
  const room = budget - chosen.size;
  if (room > 0 && rest.length > 0) {
    const stride = rest.length / room;
    take(rest.length <= room ? rest : Array.from({ length: room }, (_, i) => rest[Math.floor(i * stride)]!), budget);
  }
  return {
    trials: curves.length,
    curves: [...chosen]
      .sort((a, b) => a - b)
      .map((n) => {
        const c = byNumber.get(n)!;
        return { number: n, state: c.state, lastStep: c.points.at(-1)![0], points: lttb(c.points, options.maxPoints) };
      }),
    bands: stepBands(curves, options.maxPoints),
  };
}

const quantile = (sorted: readonly number[], q: number): number => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};

/** Quantiles of the values at each step; with more distinct steps than `maxSteps`, an even subset of them. */
export function stepBands(curves: readonly TrialCurve[], maxSteps: number): StepBand[] {
  const byStep = new Map<number, number[]>();
  for (const c of curves)
    for (const [step, y] of c.points) {
      if (!Number.isFinite(y)) continue;
      const values = byStep.get(step);
      if (values) values.push(y);
      else byStep.set(step, [y]);
    }
  let steps = [...byStep.keys()].sort((a, b) => a - b);
  if (steps.length > maxSteps) {
    const stride = (steps.length - 1) / (maxSteps - 1);
    steps = Array.from({ length: maxSteps }, (_, i) => steps[Math.round(i * stride)]!);
  }
  return steps.map((step) => {
    const values = byStep.get(step)!.sort((a, b) => a - b);
    return {
      step,
      count: values.length,
      min: values[0]!,
      q25: quantile(values, 0.25),
      median: quantile(values, 0.5),
      q75: quantile(values, 0.75),
      max: values.at(-1)!,
    };
  });
}
