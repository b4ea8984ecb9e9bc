import { describe, expect, it } from "vitest";
import { curveLimit, curveObjective, phasedGain, phasedTrainable } from "./curve.js";

describe("curve", () => {
  it("decays from above to its known limit, which is 0 at x = 0.7, lr = 0.01", () => {
    expect(curveLimit({ x: 0.7, lr: 0.01 })).toBeCloseTo(0, 12);
    expect(curveLimit({ x: 0.2, lr: 0.01 })).toBeCloseTo(0.25, 12);
    const p = { x: 0.4, lr: 0.003 };
    const values = [1, 2, 5, 10, 27, 200].map((t) => curveObjective(p, t));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1] as number);
    expect(values.at(-1)).toBeCloseTo(curveLimit(p), 12);
  });

  it("lets a fast learner with a worse limit lead early", () => {
    const slow = { x: 0.7, lr: 1e-4 }; // limit 0.125, rate 0.3
    const fast = { x: 0.7, lr: 1 }; // limit 0.125, rate 0.7
    const best = { x: 0.7, lr: 0.01 }; // limit 0, rate 0.5
    const nearFast = { x: 0.7, lr: 0.0145 }; // limit 0.0008, rate 0.516
    expect(curveObjective(fast, 1)).toBeLessThan(curveObjective(slow, 1));
    expect(curveObjective(nearFast, 1)).toBeLessThan(curveObjective(best, 1));
    expect(curveObjective(nearFast, 27)).toBeGreaterThan(curveObjective(best, 27));
  });

  it("names the parameter it misses", () => {
    expect(() => curveObjective({ x: 0.5 }, 1)).toThrow('numeric parameter "lr"');
  });
});

describe("phased objective", () => {
  it("rewards h = 0.8 in the first half and h = 0.2 in the second", () => {
    expect(phasedGain({ h: 0.8 }, 10, 20)).toBeCloseTo(1 / 20, 12);
    expect(phasedGain({ h: 0.2 }, 11, 20)).toBeCloseTo(1 / 20, 12);
    const trainable = phasedTrainable(20);
    const run = (schedule: (step: number) => number): number => {
      let score = trainable.init();
      for (let step = 1; step <= 20; step++) score = trainable.train(score, { h: schedule(step) }, step);
      return score;
    };
    expect(run(() => 0.8)).toBeCloseTo(0.5, 3);
    expect(run((s) => (s <= 10 ? 0.8 : 0.2))).toBeCloseTo(1, 12);
  });
});
