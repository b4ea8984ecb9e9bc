import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../rng.js";
import { digitPermutations, primes, scrambledRadicalInverse } from "./halton.js";

describe("Halton sequence", () => {
  it("uses the primes as bases and, unscrambled, is the van der Corput radical inverse", () => {
    expect(primes(8)).toEqual([2, 3, 5, 7, 11, 13, 17, 19]);
    const identity = (b: number): number[] => Array.from({ length: b }, (_, i) => i);
    expect([1, 2, 3, 4, 5, 6].map((i) => scrambledRadicalInverse(i, 2, [identity(2)]))).toEqual([
      0.5, 0.25, 0.75, 0.125, 0.625, 0.375,
    ]);
    [1 / 3, 2 / 3, 1 / 9, 4 / 9, 7 / 9].forEach((want, i) =>
      expect(scrambledRadicalInverse(i + 1, 3, [identity(3)])).toBeCloseTo(want, 15),
    );
  });

  it("scrambles each digit position with its own permutation and keeps b^m points one per interval (property)", () => {
    // With one permutation for every position, perm[0] = b - 1 put every point on its cell's right edge (the
    // grid k/b^m, the first cell empty): independent positions leave no such case, so none is skipped.
    fc.assert(
      fc.property(fc.constantFrom(2, 3, 5, 7, 11), fc.integer({ min: 1, max: 3 }), fc.nat(), (base, m, seed) => {
        const perms = digitPermutations(base, createRng(seed));
        for (const perm of perms)
          expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: base }, (_, i) => i));
        const n = base ** m;
        const cells = new Set(
          Array.from({ length: n }, (_, i) => {
            const x = scrambledRadicalInverse(i, base, perms);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(1);
            return Math.floor(x * n);
          }),
        );
        expect(cells.size).toBe(n);
      }),
      { numRuns: 100, seed: 27 },
    );
  });
});
