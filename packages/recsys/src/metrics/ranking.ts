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
 * (relevant, non-relevant) pairs, ties counting one half. One pass over the candidates with a binary
 * search among the few relevant scores, instead of sorting every candidate: this runs for every user at
 * every validated epoch, and the sort was most of an epoch's evaluation time.
 */
export function rankStatistics(
  scores: Float32Array | Float64Array,
  relevant: ReadonlySet<number>,
  mask?: Uint8Array,
): { mrr: number; auc: number } {
  // The best relevant item: the highest score, the lower index on ties (its rank is the best rank).
  let top = -1;
  let topScore = -Infinity;
  for (const r of relevant) {
    const s = value(scores[r]!);
    if (top < 0 || s > topScore || (s === topScore && r < top)) [top, topScore] = [r, s];
  }
  const relevantScores = Float64Array.from(relevant, (r) => value(scores[r]!)).sort();
  const p = relevantScores.length;
  const lowest = relevantScores[0] ?? Infinity;
  const highest = topScore;
  if (relevantMarks.length < scores.length) relevantMarks = new Uint8Array(scores.length);
  const isRelevant = relevantMarks;
  for (const r of relevant) isRelevant[r] = 1;
  // Every relevant score lies in [lowest, highest], and highest is the best relevant item's score. A
  // candidate below lowest is a negative that loses to every relevant item; one above highest is a
  // negative ranked before the best relevant item, winning every pair. Only the candidates in between
  // (most of them score below lowest once a model has learnt anything) need the relevant marks and a
  // search among the relevant scores, for the pairs they win and lose and for ties.
  let below = 0;
  let aboveAll = 0;
  let before = 0;
  let negatives = 0;
  let correctPairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (mask !== undefined && mask[i] !== 0) continue;
    const raw = scores[i]!;
    const s = raw === raw ? raw : -Infinity;
    if (s < lowest) below++;
    else if (s > highest) aboveAll++;
    else {
      if (s === highest && i < top) before++;
      if (isRelevant[i]) continue;
      negatives++;
      const above = upperBound(relevantScores, s);
      correctPairs += p - above;
      if (relevantScores[above - 1] === s) correctPairs += 0.5 * (above - lowerBound(relevantScores, s));
    }
  }
  before += aboveAll;
  negatives += below + aboveAll;
  correctPairs += p * below;
  for (const r of relevant) isRelevant[r] = 0;
  return { mrr: top < 0 ? 0 : 1 / (before + 1), auc: negatives > 0 ? correctPairs / (p * negatives) : 1 };
}

/** The relevant items' marks, kept between calls (every user of every validated epoch), all 0 between them. */
let relevantMarks = new Uint8Array(0);

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

/**
 * First index with sorted[i] > x. Halves a fixed length with a select rather than a branch on the
 * comparison: x's position is as unpredictable as the scores, and a mispredicted branch per step was
 * much of rankStatistics' time.
 */
function upperBound(sorted: Float64Array, x: number): number {
  let base = 0;
  let n = sorted.length;
  while (n > 1) {
    const half = n >>> 1;
    base = sorted[base + half]! <= x ? base + half : base;
    n -= half;
  }
  return base + (sorted[base]! <= x ? 1 : 0);
}
