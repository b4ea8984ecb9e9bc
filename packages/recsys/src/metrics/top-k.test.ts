import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { topK } from "./top-k.js";

/** The definition: unmasked items sorted by score (NaN lowest), ties by the lower index, the first k. */
function reference(scores: Float32Array, k: number, mask?: Uint8Array): number[] {
  const v = (x: number): number => (Number.isNaN(x) ? -Infinity : x);
  return [...scores.keys()]
    .filter((i) => !mask?.[i])
    .sort((a, b) => v(scores[b]!) - v(scores[a]!) || a - b)
    .slice(0, k);
}

describe("topK against a full sort (property)", () => {
  // Few distinct values, so most rows have ties at the k-th place; NaN and -Infinity, which never pass
  // the scan's comparison, must still fill a list that has fewer better candidates.
  const score = fc.oneof(
    fc.integer({ min: 0, max: 4 }),
    fc.constant(Number.NaN),
    fc.constant(-Infinity),
    fc.double({ min: -1, max: 1, noNaN: true }),
  );

  it("matches with ties, NaNs and masked items, for every k", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(score, fc.boolean()), { minLength: 0, maxLength: 60 }),
        fc.nat(12),
        fc.boolean(),
        (cells, k, masked) => {
          const scores = Float32Array.from(cells, ([s]) => s);
          const mask = masked ? Uint8Array.from(cells, ([, m]) => (m ? 1 : 0)) : undefined;
          expect(Array.from(topK(scores, k, mask))).toEqual(reference(scores, k, mask));
        },
      ),
      { numRuns: 1000, seed: 20 },
    );
  });

  it("matches on a long row where the k-th place changes many times", () => {
    const n = 5000;
    const scores = Float32Array.from({ length: n }, (_, i) => Math.floor(((i * 7919) % 1000) / 10) + (i % 3) * 0.5);
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 1 : 0));
    for (const k of [1, 10, 50]) expect(Array.from(topK(scores, k, mask))).toEqual(reference(scores, k, mask));
  });
});
