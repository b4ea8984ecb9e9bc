/**
 * The race's figures (`npm run bench:race`), kept apart from the processes that produce them so they can be
 * checked on their own: when a side first reached within a tolerance of a seed's best validation value,
 * and the medians and ratio over seeds.
 */

/** A finished trial (COMPLETE, or PRUNED with the value it last reported): its validation value and when it ended. */
export interface FinishedTrial {
  readonly value: number;
  /** Seconds from the study's start to the trial's end. */
  readonly finishedS: number;
}

/**
 * Seconds from the start until the first trial whose value is within `tolerance` (a fraction) of `best`,
 * for a maximized metric with positive values; null when no trial got there.
 */
export function timeToWithin(trials: readonly FinishedTrial[], best: number, tolerance = 0.01): number | null {
  const bar = best * (1 - tolerance);
  let first: number | null = null;
  for (const t of trials)
    if (Number.isFinite(t.value) && t.value >= bar && (first === null || t.finishedS < first)) first = t.finishedS;
  return first;
}

/** The best value among the trials (−Infinity when none is finite). */
export const bestValue = (trials: readonly FinishedTrial[]): number =>
  trials.reduce((b, t) => (Number.isFinite(t.value) && t.value > b ? t.value : b), -Infinity);

export interface SeedRace {
  /** The best validation value either side found in this seed: the bar both race to. */
  readonly best: number;
  readonly oursS: number | null;
  readonly optunaS: number | null;
}

/** One seed's race: each side's time to within `tolerance` of the best value either side found. */
export function raceSeed(ours: readonly FinishedTrial[], optuna: readonly FinishedTrial[], tolerance = 0.01): SeedRace {
  const best = Math.max(bestValue(ours), bestValue(optuna));
  return { best, oursS: timeToWithin(ours, best, tolerance), optunaS: timeToWithin(optuna, best, tolerance) };
}

/**
 * Median of the values; a side that never got there counts as slower than every time (Infinity), so it
 * moves the median up rather than out. Null when there are no values or the median itself is one never reached.
 */
export function medianOf(values: readonly (number | null)[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Number.isFinite(m) ? m : null;
}

/** The best value among the trials that had ended by `atS` seconds (−Infinity when none had). */
export const bestBy = (trials: readonly FinishedTrial[], atS: number): number =>
  bestValue(trials.filter((t) => t.finishedS <= atS));

/**
 * A lower bound on the median time of a side whose unreached seeds are censored: a seed that never got to
 * the bar would have needed more than its whole study (`studyS`), so that is its lower bound. `exact` is
 * true when no seed was censored (the bound is the median itself).
 */
export function medianLowerBound(seeds: readonly { readonly s: number | null; readonly studyS: number }[]): {
  readonly value: number | null;
  readonly exact: boolean;
} {
  return {
    value: medianOf(seeds.map((x) => x.s ?? x.studyS)),
    exact: seeds.every((x) => x.s !== null),
  };
}

/**
 * The race's ratio, rectune's median time over Optuna's. Rectune's unreached seeds count as never (its
 * median moves up); Optuna's count as its study time, a lower bound, so the ratio is then an upper bound
 * (`bound: "upper"`): rectune is at least that much faster. Null when rectune's own median was never reached.
 */
export function raceRatio(
  rows: readonly { readonly oursS: number | null; readonly optunaS: number | null; readonly optunaStudyS: number }[],
): {
  readonly ours: number | null;
  readonly optuna: number | null;
  readonly ratio: number | null;
  readonly bound: "exact" | "upper";
} {
  const ours = medianOf(rows.map((r) => r.oursS));
  const optuna = medianLowerBound(rows.map((r) => ({ s: r.optunaS, studyS: r.optunaStudyS })));
  const ratio = ours !== null && optuna.value !== null && optuna.value > 0 ? ours / optuna.value : null;
  return { ours, optuna: optuna.value, ratio, bound: optuna.exact ? "exact" : "upper" };
}
