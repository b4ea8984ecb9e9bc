/**
 * The statistics of the suite's tables: median and interquartile range of the best values over seeds, and
 * the two-sided Mann–Whitney U test (normal approximation with tie and continuity corrections — what
 * scipy.stats.mannwhitneyu computes for samples of 10 with method "asymptotic") that decides whether a
 * difference is a win, a loss or a tie.
 */
import { normCdf } from "../../src/math/normal.js";

/** The q-quantile by linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export interface MannWhitney {
  /** U of the first sample: the pairs (a, b) with a > b, ties counting a half. */
  readonly u: number;
  /** Two-sided p-value. */
  readonly p: number;
}

/** Two-sided Mann–Whitney U test of a against b. */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  const n1 = a.length;
  const n2 = b.length;
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  // Mid-ranks for ties, and the tie term Σ(t³ - t) of the variance correction.
  let rankSum = 0;
  let ties = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSum += rank;
    const t = j - i + 1;
    ties += t ** 3 - t;
    i = j + 1;
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1 };
  const z = (Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * (1 - normCdf(Math.max(0, z)))) };
}

export type Outcome = "win" | "tie" | "loss";

/** Ours against theirs (both minimized): a win or a loss only when the test rejects at `alpha`. */
export function compare(ours: readonly number[], theirs: readonly number[], alpha = 0.05): Outcome & string {
  const { u, p } = mannWhitney(ours, theirs);
  if (p >= alpha) return "tie";
  // U counts pairs where ours is the larger value: below half of all pairs, ours tends lower (better).
  return u < (ours.length * theirs.length) / 2 ? "win" : "loss";
}
