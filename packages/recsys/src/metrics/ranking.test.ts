import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { averagePrecision, hitRate, ndcg, precision, rankStatistics, recall } from "./ranking.js";
import { topK } from "./top-k.js";

const log2_3 = Math.log2(3);

describe("ranking metrics, hand-computed", () => {
  it("scores one hit at rank 2 of 2 with two relevant items", () => {
    const ranked = [3, 1];
    const relevant = new Set([1, 2]);
    expect(hitRate(ranked, relevant, 2)).toBe(1);
    expect(recall(ranked, relevant, 2)).toBe(0.5);
    expect(precision(ranked, relevant, 2)).toBe(0.5);
    expect(ndcg(ranked, relevant, 2)).toBeCloseTo(1 / log2_3 / (1 + 1 / log2_3), 12);
    expect(averagePrecision(ranked, relevant, 2)).toBe(0.25);
  });

  it("normalizes by the relevant count when it is below K", () => {
    const ranked = [1, 3, 2];
    const relevant = new Set([3]);
    expect(recall(ranked, relevant, 3)).toBe(1);
    expect(precision(ranked, relevant, 3)).toBeCloseTo(1 / 3, 12);
    expect(ndcg(ranked, relevant, 3)).toBeCloseTo(1 / log2_3, 12);
    expect(averagePrecision(ranked, relevant, 3)).toBe(0.5);
  });

  it("normalizes by K when the user has more relevant items than K", () => {
    const relevant = new Set([1, 2, 3, 4]);
    expect(recall([1, 2], relevant, 2)).toBe(1);
    expect(ndcg([1, 2], relevant, 2)).toBeCloseTo(1, 12);
    expect(averagePrecision([9, 2], relevant, 2)).toBe(0.25);
  });

  it("scores zero without hits", () => {
    const relevant = new Set([7]);
    expect([hitRate, recall, precision, ndcg, averagePrecision].map((f) => f([1, 2], relevant, 2))).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });
});

describe("topK", () => {
  it("breaks ties by the lower item index and skips masked items", () => {
    const scores = Float32Array.from([0.5, 0.9, 0.5, 0.1]);
    expect(Array.from(topK(scores, 2))).toEqual([1, 0]);
    expect(Array.from(topK(scores, 3, Uint8Array.from([0, 1, 0, 0])))).toEqual([0, 2, 3]);
    expect(Array.from(topK(Float32Array.from([1, 1, 1]), 2))).toEqual([0, 1]);
  });

  it("returns fewer than k when fewer candidates exist, NaN last", () => {
    expect(Array.from(topK(Float32Array.from([Number.NaN, 2]), 5, Uint8Array.from([0, 0])))).toEqual([1, 0]);
    expect(Array.from(topK(Float32Array.from([3, 2]), 5, Uint8Array.from([1, 0])))).toEqual([1]);
  });
});

describe("rankStatistics", () => {
  it("ranks ties by item index for MRR and counts them half for AUC", () => {
    const scores = Float32Array.from([0.5, 0.9, 0.5, 0.1]);
    // Item 2 (0.5): item 1 above, item 0 tied and before it → rank 3. Pairs vs 0 (tie), 1 (lost), 3 (won).
    expect(rankStatistics(scores, new Set([2]))).toEqual({ mrr: 1 / 3, auc: 1.5 / 3 });
  });

  it("uses the best relevant item for MRR and ignores masked items", () => {
    const scores = Float32Array.from([0.2, 0.9, 0.5, 0.1]);
    const mask = Uint8Array.from([0, 1, 0, 0]);
    // Candidates 0, 2, 3; relevant 0 and 3; negative 2 beats both.
    expect(rankStatistics(scores, new Set([0, 3]), mask)).toEqual({ mrr: 1 / 2, auc: 0 });
    expect(rankStatistics(scores, new Set([2]), mask)).toEqual({ mrr: 1, auc: 1 });
  });
});

describe("rankStatistics against the pairwise definition (property)", () => {
  /** Every (relevant, negative) pair compared, and the best relevant item's rank counted item by item. */
  function bruteForce(scores: Float64Array, relevant: ReadonlySet<number>, mask: Uint8Array) {
    const v = (x: number): number => (Number.isNaN(x) ? -Infinity : x);
    const candidates = [...scores.keys()].filter((i) => !mask[i]);
    const negatives = candidates.filter((i) => !relevant.has(i));
    let pairs = 0;
    for (const r of relevant)
      for (const n of negatives) pairs += v(scores[r]!) > v(scores[n]!) ? 1 : v(scores[r]!) === v(scores[n]!) ? 0.5 : 0;
    const rankOf = (r: number): number =>
      1 + candidates.filter((i) => v(scores[i]!) > v(scores[r]!) || (v(scores[i]!) === v(scores[r]!) && i < r)).length;
    const best = Math.min(...[...relevant].map(rankOf));
    return { mrr: 1 / best, auc: negatives.length > 0 ? pairs / (relevant.size * negatives.length) : 1 };
  }

  /** rankStatistics equals bruteForce with the picked items relevant (mod n) and a quarter of the others masked. */
  function agrees(raw: number[], picks: number[], seed: number): void {
    const scores = Float64Array.from(raw);
    const n = scores.length;
    const relevant = new Set(picks.map((x) => x % n));
    const mask = Uint8Array.from({ length: n }, (_, i) => (!relevant.has(i) && (i * 5 + seed) % 4 === 0 ? 1 : 0));
    const got = rankStatistics(scores, relevant, mask);
    const want = bruteForce(scores, relevant, mask);
    expect(got.mrr).toBeCloseTo(want.mrr, 12);
    expect(got.auc).toBeCloseTo(want.auc, 12);
  }

  it("matches on random scores with ties, NaNs and masks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(Number.NaN)), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        (raw, pick) => agrees(raw, [pick, pick * 7 + 3], pick),
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it("matches with up to a dozen relevant items, relevant ones tied with each other and with negatives", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(Number.NaN)), { minLength: 2, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (raw, picks, seed) => agrees(raw, picks, seed),
      ),
      { numRuns: 500, seed: 12 },
    );
  });
});
