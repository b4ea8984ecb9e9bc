import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRng } from "../rng.js";
import { armPosteriors, betaSample, leader, shares, thompson } from "./bandit.js";
import type { TrialCredit } from "./credit.js";

const credit = (number: number, arm: string | undefined, value: number): TrialCredit => ({
  number,
  arm,
  credit: value,
  improved: value === 1,
});

describe("armPosteriors", () => {
  it("discounts each arm's older credits by its later trials", () => {
    const priors = new Map([
      ["tpe", 1],
      ["gp", 2],
    ]);
    // tpe: credits 1, 0.5, 0 (oldest first), gp: 0.25; an unknown arm and an unattributed trial are ignored.
    const credits = [
      credit(0, "tpe", 1),
      credit(1, "gp", 0.25),
      credit(2, "tpe", 0.5),
      credit(3, "cmaes", 1),
      credit(4, undefined, 1),
      credit(5, "tpe", 0),
    ];
    const [tpe, gp] = armPosteriors(priors, credits, 0.9);
    // Newest first, weights 1, 0.9, 0.81: successes 0 + 0.45 + 0.81, failures 1 + 0.45 + 0.
    expect(tpe!.alpha).toBeCloseTo(1 + 1.26, 12);
    expect(tpe!.beta).toBeCloseTo(1 + 1.45, 12);
    expect(tpe!.mean).toBeCloseTo(2.26 / 4.71, 12);
    expect(tpe).toMatchObject({ key: "tpe", trials: 3, credit: 1.5, improvements: 1 });
    expect(gp).toMatchObject({ key: "gp", alpha: 2.25, beta: 1.75, mean: 2.25 / 4, trials: 1 });
  });

  it("caps an arm's pseudo-count at its prior plus 1/(1 - discount), so no arm stops being explored (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b"), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 300 }),
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        (pairs, discount) => {
          const posteriors = armPosteriors(
            new Map([
              ["a", 1],
              ["b", 3],
            ]),
            pairs.map(([arm, c], i) => credit(i, arm, c)),
            discount,
          );
          for (const p of posteriors) {
            const prior = p.key === "a" ? 1 : 3;
            expect(p.alpha + p.beta).toBeLessThanOrEqual(prior + 1 + 1 / (1 - discount) + 1e-9);
            expect(p.mean).toBeGreaterThan(0);
            expect(p.mean).toBeLessThan(1);
          }
          const s = Object.values(shares(posteriors));
          expect(s.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        },
      ),
      { numRuns: 200, seed: 24 },
    );
  });

  it("lets an arm that stops earning lose its lead to a steady one", () => {
    const priors = new Map([
      ["early", 1],
      ["steady", 1],
    ]);
    // early: 40 successes then 20 failures; steady: 0.6 each time, interleaved.
    const credits = Array.from({ length: 60 }, (_, i) => [
      credit(2 * i, "early", i < 40 ? 1 : 0),
      credit(2 * i + 1, "steady", 0.6),
    ]).flat();
    // Undiscounted, early's record (41/62) still beats steady's (37/62); discounted, its recent failures count.
    expect(leader(armPosteriors(priors, credits, 1)).key).toBe("early");
    const discounted = armPosteriors(priors, credits, 0.95);
    expect(leader(discounted).key).toBe("steady");
    expect(discounted[0]!.mean).toBeCloseTo(7.25 / 21.08, 2);
  });

  it("breaks ties for the leader in favour of the earlier arm", () => {
    const posteriors = armPosteriors(
      new Map([
        ["first", 1],
        ["second", 1],
      ]),
      [],
    );
    expect(leader(posteriors).key).toBe("first");
    expect(shares(posteriors)).toEqual({ first: 0.5, second: 0.5 });
  });
});

describe("Thompson sampling", () => {
  it("draws Beta variates with the right mean and variance, shape below 1 included", () => {
    const rng = createRng(8);
    for (const [a, b] of [
      [0.5, 0.5],
      [2, 5],
      [30, 10],
    ] as const) {
      const draws = Array.from({ length: 20000 }, () => betaSample(a, b, rng));
      const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
      const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
      expect(Math.abs(mean - a / (a + b))).toBeLessThan(0.01);
      expect(variance / ((a * b) / ((a + b) ** 2 * (a + b + 1)))).toBeCloseTo(1, 1);
      expect(draws.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it("converges on the best of three Bernoulli arms and keeps exploring the others only a little", () => {
    // Arms paying 1 with probability 0.3, 0.5, 0.7; 400 rounds, five seeds. Share of the last 200 rounds,
    // averaged over the seeds: best arm 0.79-0.97 and worst ≤ 0.05 in 40 groups of five seeds (0-199).
    const p: Record<string, number> = { a: 0.3, b: 0.5, c: 0.7 };
    const priors = new Map(Object.keys(p).map((k) => [k, 1]));
    let best = 0;
    let worst = 0;
    for (let seed = 0; seed < 5; seed++) {
      const rng = createRng(seed);
      const credits: TrialCredit[] = [];
      for (let t = 0; t < 400; t++) {
        const arm = thompson(armPosteriors(priors, credits, 0.95), rng).key;
        credits.push(credit(t, arm, rng.next() < p[arm]! ? 1 : 0));
        if (t >= 200) {
          if (arm === "c") best += 1 / 1000;
          if (arm === "a") worst += 1 / 1000;
        }
      }
    }
    expect(best).toBeGreaterThan(0.65);
    expect(worst).toBeLessThan(0.1);
  });
});
