import { describe, expect, it } from "vitest";
import type { TrialRecord } from "../history.js";
import { HyperbandPruner, hyperbandBrackets } from "./hyperband.js";
import { trialRecord } from "./test-records.js";

const record = (number: number, reports: Record<number, number>): TrialRecord => trialRecord(number, reports);

describe("hyperbandBrackets", () => {
  it("matches classic Hyperband's bracket table", () => {
    // R = 27, η = 3: s_max = 3; n = ⌈4/(s+1)·3^s⌉ = 27, 12, 6, 4 trials starting at 1, 3, 9, 27 epochs.
    expect(hyperbandBrackets({ minResource: 1, maxResource: 27, reductionFactor: 3 })).toEqual([
      { minResource: 1, weight: 27 },
      { minResource: 3, weight: 12 },
      { minResource: 9, weight: 6 },
      { minResource: 27, weight: 4 },
    ]);
    // R = 20: s_max = 2; n = ⌈3/(s+1)·3^s⌉ = 9, 5, 3.
    expect(hyperbandBrackets({ minResource: 1, maxResource: 20, reductionFactor: 3 })).toEqual([
      { minResource: 1, weight: 9 },
      { minResource: 3, weight: 5 },
      { minResource: 9, weight: 3 },
    ]);
  });
});

describe("HyperbandPruner", () => {
  const hyperband = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }, 42);
  const numbers = Array.from({ length: 4900 }, (_, i) => i);
  const inBracket = (b: number): number[] => numbers.filter((n) => hyperband.bracketOf(n) === b);

  it("assigns brackets from (seed, trial number) alone, in proportion to their weights", () => {
    const again = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }, 42);
    expect(numbers.map((n) => again.bracketOf(n))).toEqual(numbers.map((n) => hyperband.bracketOf(n)));
    const shares = [0, 1, 2, 3].map((b) => inBracket(b).length / numbers.length);
    [27, 12, 6, 4].forEach((w, b) => expect(shares[b]).toBeCloseTo(w / 49, 1));
  });

  it("uses each bracket's own rungs", () => {
    const [b0, b1, b2, b3] = [0, 1, 2, 3].map((b) => inBracket(b)[0] as number);
    const rungs = (n: number): number[] => [1, 2, 3, 9, 27].filter((s) => hyperband.stepsNeeded(n, s).length > 0);
    expect(rungs(b0 as number)).toEqual([1, 3, 9]);
    expect(rungs(b1 as number)).toEqual([3, 9]);
    expect(rungs(b2 as number)).toEqual([9]);
    expect(rungs(b3 as number)).toEqual([]);
  });

  it("ranks a trial only against the trials of its bracket", () => {
    const [a, b, c] = inBracket(1) as [number, number, number];
    const strangers = inBracket(0)
      .slice(0, 6)
      .map((n) => record(n, { 3: 0 }));
    const ctx = (trial: TrialRecord, others: TrialRecord[]) => ({
      history: { directions: ["minimize" as const], trials: others },
      trial,
      step: 3,
      space: {},
    });
    // Six better trials of bracket 0 do not count: among bracket 1, trial `b` is the best of two.
    expect(hyperband.decide(ctx(record(b, { 3: 0.5 }), [record(a, { 3: 0.6 }), ...strangers])).action).toBe("continue");
    // Three bracket-1 trials: one slot, and `c` is second.
    expect(
      hyperband.decide(ctx(record(c, { 3: 0.55 }), [record(a, { 3: 0.6 }), record(b, { 3: 0.5 }), ...strangers])),
    ).toEqual({
      action: "prune",
      reason: "rank 2 of 3 at rung 3; only the top 1 (1/3) go on",
    });
  });
});
