/** Per-user ranking metrics. `ranked`: the top items, best first; `relevant`: the held-out items. */

const hits = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number => {
  let n = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) n++;
  return n;
};

export const hitRate = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number =>
  hits(ranked, relevant, k) > 0 ? 1 : 0;

/**
 * Hits over min(k, |relevant|), so a perfect list scores 1 even when the user has more held-out items
 * than k (the normalization of Liang et al. 2018 and of the project's NumPy reference).
 */
export const recall = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number =>
  hits(ranked, relevant, k) / Math.min(k, relevant.size);

export const precision = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number =>
  hits(ranked, relevant, k) / k;

/** Binary-relevance NDCG; the ideal list puts min(k, |relevant|) hits first. */
export function ndcg(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let dcg = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Average precision at the hits, over min(k, |relevant|). */
export function averagePrecision(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let found = 0;
  let sum = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) {
    if (relevant.has(ranked[r]!)) sum += ++found / (r + 1);
  }
  return sum / Math.min(k, relevant.size);
}

/**
 * Full-ranking position statistics of the relevant items among all candidates (unmasked items): the
 * reciprocal rank of the best one (ties broken by item index, as in topK) and the AUC over
 * (relevant, non-relevant) pairs, ties counting one half. Sorts the candidates' scores once.
 */
export function rankStatistics(
  scores: Float32Array | Float64Array,
  relevant: ReadonlySet<number>,
  mask?: Uint8Array,
): { mrr: number; auc: number } {
  const candidates: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!mask?.[i]) candidates.push(value(scores[i]!));
  const sorted = Float64Array.from(candidates).sort();
  const relevantScores = Float64Array.from(relevant, (r) => value(scores[r]!)).sort();
  const negatives = sorted.length - relevantScores.length;
  let bestRank = Infinity;
  let correctPairs = 0;
  for (const r of relevant) {
    const s = value(scores[r]!);
    const above = sorted.length - upperBound(sorted, s);
    const tied = upperBound(sorted, s) - lowerBound(sorted, s);
    const relevantAbove = relevantScores.length - upperBound(relevantScores, s);
    const relevantTied = upperBound(relevantScores, s) - lowerBound(relevantScores, s);
    const negativesAbove = above - relevantAbove;
    const negativesTied = tied - relevantTied;
    correctPairs += negatives - negativesAbove - 0.5 * negativesTied;
    let tiedBefore = 0;
    if (tied > 1) for (let i = 0; i < r; i++) if (!mask?.[i] && value(scores[i]!) === s) tiedBefore++;
    bestRank = Math.min(bestRank, above + tiedBefore + 1);
  }
  return { mrr: 1 / bestRank, auc: negatives > 0 ? correctPairs / (relevant.size * negatives) : 1 };
}

const value = (x: number): number => (Number.isNaN(x) ? -Infinity : x);

/** First index with sorted[i] >= x (ascending array). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with sorted[i] > x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
