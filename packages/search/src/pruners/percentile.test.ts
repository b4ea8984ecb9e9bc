import { describe, expect, it } from "vitest";
import type { Direction, TrialRecord } from "../history.js";
import { percentile } from "./peers.js";
import { PercentilePruner } from "./percentile.js";
import type { DecideContext } from "./pruner.js";
import { trialRecord } from "./test-records.js";

const record = (number: number, reports: Record<number, number>): TrialRecord =>
  trialRecord(number, reports, "COMPLETE");

const ctx = (
  reports: Record<number, number>,
  step: number,
  others: number[],
  direction: Direction = "minimize",
): DecideContext => ({
  history: { directions: [direction], trials: others.map((v, i) => record(i, { [step]: v })) },
  trial: record(99, reports),
  step,
  space: {},
});

describe("percentile", () => {
  it("interpolates linearly between order statistics", () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 25)).toBe(1.75);
    expect(percentile([7], 90)).toBe(7);
  });
});

describe("median rule", () => {
  const median = new PercentilePruner("median", { percentile: 50, warmupSteps: 0, minTrials: 5, interval: 1 });
  const others = [1, 2, 3, 4, 5]; // median 3

  it("prunes a trial whose best value so far is worse than the median at the step", () => {
    expect(median.decide(ctx({ 3: 3.5 }, 3, others)).action).toBe("prune");
    expect(median.decide(ctx({ 3: 3 }, 3, others)).action).toBe("continue");
    // A bad epoch after a good one: judged on the best so far (2 at step 2).
    expect(median.decide(ctx({ 2: 2, 3: 3.5 }, 3, others)).action).toBe("continue");
    expect(median.decide(ctx({ 3: 2.5 }, 3, others, "maximize")).action).toBe("prune");
    expect(median.decide(ctx({ 3: 3.5 }, 3, others, "maximize")).action).toBe("continue");
  });

  it("waits for minTrials other trials at the step", () => {
    expect(median.decide(ctx({ 3: 100 }, 3, [1, 2, 3, 4])).action).toBe("continue");
  });

  it("decides only after the warm-up and every `interval` steps", () => {
    const sparse = new PercentilePruner("median", { percentile: 50, warmupSteps: 2, minTrials: 1, interval: 2 });
    expect([1, 2, 3, 4, 5, 6, 7].map((s) => sparse.stepsNeeded(0, s).length)).toEqual([0, 0, 1, 0, 1, 0, 1]);
    expect(sparse.decide(ctx({ 2: 100 }, 2, others)).action).toBe("continue");
    expect(sparse.decide(ctx({ 4: 100 }, 4, others)).action).toBe("continue");
    expect(sparse.decide(ctx({ 5: 100 }, 5, others)).action).toBe("prune");
  });
});

describe("percentile rule", () => {
  it("keeps only the given top share", () => {
    const top25 = new PercentilePruner("percentile", { percentile: 25, warmupSteps: 0, minTrials: 1, interval: 1 });
    const others = [1, 2, 3, 4, 5];
    // Minimising: the 25th percentile is 2. Maximising: the 75th percentile is 4.
    expect(top25.decide(ctx({ 1: 2.1 }, 1, others)).action).toBe("prune");
    expect(top25.decide(ctx({ 1: 1.9 }, 1, others)).action).toBe("continue");
    expect(top25.decide(ctx({ 1: 3.9 }, 1, others, "maximize"))).toEqual({
      action: "prune",
      reason: "best value 3.9 up to step 1 is outside the top 25% (threshold 4 over 5 trials)",
    });
    expect(top25.decide(ctx({ 1: 4.1 }, 1, others, "maximize")).action).toBe("continue");
  });
});
