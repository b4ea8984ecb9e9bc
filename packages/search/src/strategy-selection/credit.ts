import { isFinished, type StudyHistory, type TrialRecord } from "../history.js";
import { dominates } from "../multiobjective/pareto.js";
import { minimizedValues } from "../samplers/ranking.js";

/** The prefix the auto sampler writes into `strategy.sampler`: "auto:gp" was proposed by the GP arm. */
export const AUTO_PREFIX = "auto:";

/** The arm that proposed a trial, if the auto sampler did. */
export function armOf(t: TrialRecord): string | undefined {
  const s = t.strategy?.sampler;
  return typeof s === "string" && s.startsWith(AUTO_PREFIX) ? s.slice(AUTO_PREFIX.length) : undefined;
}

/** What one finished trial brought to its study. */
export interface TrialCredit {
  readonly number: number;
  readonly arm: string | undefined;
  /** In [0, 1]: 1 for a new best, falling linearly to 0 at the TOP_QUANTILE of the trials before it. */
  readonly credit: number;
  /** It beat every earlier completed trial (multi-objective: no earlier trial dominates it). */
  readonly improved: boolean;
}

/** A trial ranked below this fraction of the earlier trials earns no credit. */
export const TOP_QUANTILE = 0.2;

/** Index of the first element ≥ x in a sorted array. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const usable = (t: TrialRecord, m: number): boolean =>
  t.state === "COMPLETE" && t.values !== null && t.values.length === m && t.values.every(Number.isFinite);

/**
 * Credits every finished trial, in trial-number order, by its rank among the completed trials numbered
 * before it — ranks, not values, so the credit does not depend on the metric's scale. Pruned and failed
 * trials earn nothing. Multi-objective: a trial no earlier trial dominates earns 1, others 0.
 */
export function trialCredits(history: StudyHistory): TrialCredit[] {
  const m = history.directions.length;
  const out: TrialCredit[] = [];
  const sorted: number[] = [];
  const points: number[][] = [];
  for (const t of history.trials) {
    if (!isFinished(t)) continue;
    const arm = armOf(t);
    if (!usable(t, m)) {
      out.push({ number: t.number, arm, credit: 0, improved: false });
      continue;
    }
    const v = minimizedValues(history.directions, t.values!);
    if (m > 1) {
      const improved = !points.some((p) => dominates(p, v));
      points.push(v);
      out.push({ number: t.number, arm, credit: improved ? 1 : 0, improved });
      continue;
    }
    const x = v[0]!;
    const better = lowerBound(sorted, x);
    const improved = better === 0 && (sorted.length === 0 || x < sorted[0]!);
    const q = sorted.length === 0 ? 0 : better / sorted.length;
    out.push({ number: t.number, arm, credit: improved ? 1 : Math.max(0, 1 - q / TOP_QUANTILE), improved });
    sorted.splice(better, 0, x);
  }
  return out;
}
