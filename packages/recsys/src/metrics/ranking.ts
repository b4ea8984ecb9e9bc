/** Per-user ranking metrics. `ranked`: the top items, best first; `relevant`: the held-out items. */

const hits = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number => {
  let n = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) if (relevant.has(ranked[r]!)) n++;
  return n;
};

export const hitRate = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number =>
  hits(ranked, relevant, k) > 0 ? 1 : 0;

/** Hits over all relevant items (not capped at k). */
export const recall = (ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number =>
  hits(ranked, relevant, k) / relevant.size;

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
 * Full-ranking position statistics of the relevant items among all candidates: the reciprocal rank of
 * the best one (ties broken by item index, as in topK) and the AUC (ties count one half).
 */
export function rankStatistics(scores: Float32Array | Float64Array, relevant: ReadonlySet<number>, mask?: Uint8Array): { mrr: number; auc: number } {
  let candidates = 0;
  for (let i = 0; i < scores.length; i++) if (!mask?.[i]) candidates++;
  const negatives = candidates - relevant.size;
  let bestRank = Infinity;
  let correctPairs = 0;
  for (const r of relevant) {
    const s = value(scores[r]!);
    let above = 0;
    let tiedBefore = 0;
    let tiedNegatives = 0;
    let aboveNegatives = 0;
    for (let i = 0; i < scores.length; i++) {
      if (mask?.[i] || i === r) continue;
      const x = value(scores[i]!);
      const isNegative = !relevant.has(i);
      if (x > s) {
        above++;
        if (isNegative) aboveNegatives++;
      } else if (x === s) {
        if (i < r) tiedBefore++;
        if (isNegative) tiedNegatives++;
      }
    }
    bestRank = Math.min(bestRank, above + tiedBefore + 1);
    correctPairs += negatives - aboveNegatives - tiedNegatives + 0.5 * tiedNegatives;
  }
  return { mrr: 1 / bestRank, auc: negatives > 0 ? correctPairs / (relevant.size * negatives) : 1 };
}

const value = (x: number): number => (Number.isNaN(x) ? -Infinity : x);
