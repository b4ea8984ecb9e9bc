import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../rng.js";
import { digitPermutation, primes, scrambledRadicalInverse } from "./halton.js";

describe("Halton sequence", () => {
  it("uses the primes as bases and, unscrambled, is the van der Corput radical inverse", () => {
    expect(primes(8)).toEqual([2, 3, 5, 7, 11, 13, 17, 19]);
    const identity = (b: number): number[] => Array.from({ length: b }, (_, i) => i);
    expect([1, 2, 3, 4, 5, 6].map((i) => scrambledRadicalInverse(i, 2, identity(2)))).toEqual([
      0.5, 0.25, 0.75, 0.125, 0.625, 0.375,
    ]);
    [1 / 3, 2 / 3, 1 / 9, 4 / 9, 7 / 9].forEach((want, i) =>
      expect(scrambledRadicalInverse(i + 1, 3, identity(3))).toBeCloseTo(want, 15),
    );
  });

  it("scrambles with a permutation of the digits and keeps b^m points one per interval (property)", () => {
    // The same permutation also maps the index's infinite trailing zeros, which adds perm[0] / (b - 1) of a
    // cell to every point: with perm[0] = b - 1 the points sit on the cells' right edges (the grid k/b^m,
    // k = 1..b^m, the last clipped below 1), so the property is checked for the other permutations.
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 5, 7, 11), fc.integer({ min: 1, max: 3 }), fc.nat(), (base, m, seed) => {
        const perm = digitPermutation(base, createRng(seed));
        expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: base }, (_, i) => i));
        fc.pre(perm[0]! < base - 1);
        const n = base ** m;
        const cells = new Set(
          Array.from({ length: n }, (_, i) => {
            const x = scrambledRadicalInverse(i, base, perm);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(1);
            // Points on a cell's left edge come out a rounding error below it (7/9 as 0.7777…76).
            return Math.floor(x * n + 1e-9);
          }),
        );
        expect(cells.size).toBe(n);
      }),
      { numRuns: 100, seed: 27 },
    );
  });
});
