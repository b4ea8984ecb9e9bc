import { describe, expect, it } from "vitest";
import { phasedTrainable } from "../benchmarks/curve.js";
import type { TrialRecord } from "../history.js";
import type { SearchSpace } from "../space/types.js";
import { NoPruner } from "./none.js";
import { PbtPruner } from "./pbt.js";
import type { DecideContext } from "./pruner.js";
import { simulateStudy } from "./simulate.js";
import { trialRecord } from "./test-records.js";

const space: SearchSpace = { lr: { type: "float", low: 1e-4, high: 1, log: true } };

const record = (number: number, lr: number, reports: Record<number, number>): TrialRecord =>
  trialRecord(number, reports, "RUNNING", { lr });

describe("PbtPruner", () => {
  const pbt = new PbtPruner({ interval: 4, quantile: 0.25, perturbFactors: [0.8, 1.2], resampleProbability: 0 }, 3);
  // Seven other trials at step 4 (maximising): trials 0 and 1 are the top quarter of eight.
  const others = [0.9, 0.8, 0.5, 0.45, 0.4, 0.35, 0.3].map((v, i) => record(i, 0.01 * (i + 1), { 4: v }));
  const ctx = (value: number, step = 4): DecideContext => ({
    history: { directions: ["maximize"], trials: others },
    trial: record(7, 0.5, { [step]: value }),
    step,
    space,
  });

  it("decides only at interval steps", () => {
    expect([1, 2, 3, 4, 8].map((s) => pbt.stepsNeeded(7, s))).toEqual([[], [], [], [4], [8]]);
    expect(pbt.decide(ctx(0, 3))).toEqual({ action: "continue" });
  });

  it("lets the bottom quarter copy a top-quarter trial and perturb its hyperparameters", () => {
    const decision = pbt.decide(ctx(0.1));
    expect(decision.action).toBe("exploit");
    if (decision.action !== "exploit") return;
    expect([0, 1]).toContain(decision.source);
    expect(decision.checkpointStep).toBe(4);
    const sourceLr = 0.01 * (decision.source + 1);
    expect([sourceLr * 0.8, sourceLr * 1.2].some((lr) => Math.abs(lr - (decision.params.lr as number)) < 1e-12)).toBe(
      true,
    );
    // Same store rows, same seed: every worker reaches the same decision.
    expect(pbt.decide(ctx(0.1))).toEqual(decision);
    // Rank 7 of 8 is still in the bottom two; rank 6 is not.
    expect(pbt.decide(ctx(0.32)).action).toBe("exploit");
    expect(pbt.decide(ctx(0.37)).action).toBe("continue");
  });

  it("waits until the population has a quantile of at least one trial", () => {
    const small: DecideContext = { ...ctx(0), history: { directions: ["maximize"], trials: others.slice(0, 2) } };
    expect(pbt.decide(small)).toEqual({ action: "continue" });
  });
});

describe("PBT on an objective whose best hyperparameter moves halfway", () => {
  // Equal budgets: 16 trials × 20 epochs each way, the same seeds and so the same initial population.
  const trainable = phasedTrainable(20);
  const bestOf = (pruner: NoPruner | PbtPruner, seed: number): number => {
    const { history, epochs } = simulateStudy({ pruner, trainable, trials: 16, workers: 16, seed });
    expect(epochs).toBe(16 * 20);
    return Math.max(...history.trials.map((t) => t.values?.[0] ?? Number.NEGATIVE_INFINITY));
  };

  it.each([0, 1, 2])("beats a fixed random search (seed %i)", (seed) => {
    const pbt = new PbtPruner(
      { interval: 2, quantile: 0.5, perturbFactors: [0.8, 1.2], resampleProbability: 0.5 },
      seed,
    );
    const random = bestOf(new NoPruner(), seed);
    // A fixed h earns at most about half the score; following the optimum earns up to all of it.
    expect(random).toBeLessThan(0.52);
    expect(bestOf(pbt, seed)).toBeGreaterThan(random + 0.1);
  });
});
