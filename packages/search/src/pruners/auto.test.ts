import { describe, expect, it } from "vitest";
import type { TrialRecord } from "../history.js";
import { createRng } from "../rng.js";
import { canPrune, prunerLabel, selectPruner } from "./auto.js";

/**
 * Twelve completed 27-epoch curves whose value at epoch e is the final value plus noise that shrinks
 * with e; `noise` sets how little early epochs say about the end.
 */
function curves(noise: number, seed = 1): TrialRecord[] {
  const rng = createRng(seed);
  return Array.from({ length: 12 }, (_, i) => {
    const final = rng.next();
    const intermediate = new Map<number, number>();
    for (let e = 1; e <= 27; e++) intermediate.set(e, final + (noise * (rng.next() - 0.5) * (27 - e)) / 27);
    return { number: i, state: "COMPLETE", params: {}, values: [final], intermediate };
  });
}
const history = (trials: TrialRecord[]) => ({ directions: ["minimize" as const], trials });

describe("selectPruner", () => {
  it("does not prune without a curve or with very few epochs", () => {
    expect(selectPruner({ budget: 100, maxEpochs: undefined }).config).toEqual({ name: "none" });
    expect(selectPruner({ budget: 100, maxEpochs: 3 }).config).toEqual({ name: "none" });
  });

  it("runs the first trials in full to calibrate, and never prunes on a tiny budget", () => {
    const calibrating = selectPruner({ budget: 50, maxEpochs: 27 });
    expect(calibrating.config).toEqual({ name: "none" });
    expect(calibrating.reason).toMatch(/^calibrating/);
    expect(calibrating.basis).toBe("calibrating");
    // Five completed curves are one short of what the correlations need.
    expect(selectPruner({ budget: 50, maxEpochs: 27, history: history(curves(0.05).slice(0, 5)) }).config).toEqual({
      name: "none",
    });
    expect(selectPruner({ budget: 5, maxEpochs: 27, history: history(curves(0.05)) }).config).toEqual({
      name: "none",
    });
    expect(canPrune({ budget: 5, maxEpochs: 27 })).toBe(false);
    expect(canPrune({ budget: 50, maxEpochs: undefined })).toBe(false);
    expect(canPrune({ budget: 50, maxEpochs: 27 })).toBe(true);
  });

  it("chooses from the budget once early epochs predict: Hyperband, ASHA, or the median rule on small budgets", () => {
    expect(selectPruner({ budget: 60, maxEpochs: 27, history: history(curves(0.05)) }).config.name).toBe("hyperband");
    expect(selectPruner({ budget: 59, maxEpochs: 27, history: history(curves(0.05)) }).config).toEqual({
      name: "asha",
      minResource: 1,
      maxResource: 27,
      reductionFactor: 3,
    });
    expect(selectPruner({ budget: 20, maxEpochs: 27, history: history(curves(0.05)) }).config).toEqual({
      name: "median",
      warmupSteps: 1,
      minTrials: 5,
      interval: 1,
    });
  });

  it("counts only completed trials: pruned ones have no final value", () => {
    const pruned = curves(0.05).map((t) => ({ ...t, state: "PRUNED" as const }));
    expect(selectPruner({ budget: 100, maxEpochs: 27, history: history(pruned) }).config).toEqual({ name: "none" });
  });

  it("prunes aggressively when early epochs rank trials like the final values", () => {
    const s = selectPruner({ budget: 100, maxEpochs: 27, history: history(curves(0.05)) });
    expect(s.correlations[1]).toBeGreaterThan(0.7);
    expect(s.config).toEqual({ name: "hyperband", minResource: 1, maxResource: 27, reductionFactor: 3 });
    expect(selectPruner({ budget: 40, maxEpochs: 27, history: history(curves(0.05)) }).config.name).toBe("asha");
  });

  it("prunes later, or less, as early epochs predict less", () => {
    const later = selectPruner({ budget: 100, maxEpochs: 27, history: history(curves(1)) });
    expect(later.correlations[1]).toBeLessThan(0.7);
    expect(later.config).toEqual({ name: "asha", minResource: 3, maxResource: 27, reductionFactor: 3 });
    const less = selectPruner({ budget: 100, maxEpochs: 27, history: history(curves(3)) });
    expect(less.correlations[9]).toBeLessThan(0.7);
    expect(less.config).toEqual({ name: "median", warmupSteps: 9, minTrials: 5, interval: 1 });
  });

  it("stops pruning when no rung predicts the final values", () => {
    const rng = createRng(5);
    const unrelated = curves(0).map((t) => ({ ...t, intermediate: new Map([1, 3, 9].map((e) => [e, rng.next()])) }));
    const s = selectPruner({ budget: 100, maxEpochs: 27, history: history(unrelated) });
    expect(Math.abs(s.correlations[9]!)).toBeLessThan(0.3);
    expect(s.config).toEqual({ name: "none" });
    expect(s.reason).toMatch(/do not predict/);
  });

  it("labels configurations for the decision log", () => {
    expect(prunerLabel({ name: "asha", minResource: 3, maxResource: 27, reductionFactor: 3 })).toBe("asha(3..27, η 3)");
    expect(prunerLabel({ name: "median", warmupSteps: 9, minTrials: 5, interval: 1 })).toBe("median(from epoch 9)");
    expect(prunerLabel({ name: "none" })).toBe("none");
  });

  it("puts the rungs on the steps the target reports", () => {
    // Values every 2 epochs of 20: rungs 2, 6, 18.
    const every2 = curves(0.05).map((t) => ({
      ...t,
      intermediate: new Map([...t.intermediate].filter(([e]) => e % 2 === 0)),
    }));
    const s = selectPruner({ budget: 100, maxEpochs: 20, reportEvery: 2, history: history(every2) });
    expect(Object.keys(s.correlations)).toEqual(["2", "6", "18"]);
    expect(s.config).toEqual({ name: "hyperband", minResource: 2, maxResource: 20, reductionFactor: 3 });
  });
});
