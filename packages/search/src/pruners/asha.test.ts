import { describe, expect, it } from "vitest";
import type { Direction, TrialRecord } from "../history.js";
import { AshaPruner, isPromotable, promotionSlots, rungSteps } from "./asha.js";
import type { DecideContext } from "./pruner.js";
import { trialRecord as record } from "./test-records.js";

const ctx = (
  trial: TrialRecord,
  step: number,
  others: TrialRecord[],
  direction: Direction = "minimize",
): DecideContext => ({
  history: { directions: [direction], trials: others },
  trial,
  step,
  space: {},
});

describe("rung arithmetic", () => {
  it("places rungs at minResource·η^k below maxResource", () => {
    expect(rungSteps({ minResource: 1, maxResource: 27, reductionFactor: 3 })).toEqual([1, 3, 9]);
    expect(rungSteps({ minResource: 1, maxResource: 20, reductionFactor: 3 })).toEqual([1, 3, 9]);
    expect(rungSteps({ minResource: 2, maxResource: 16, reductionFactor: 2 })).toEqual([2, 4, 8]);
    expect(rungSteps({ minResource: 4, maxResource: 4, reductionFactor: 3 })).toEqual([]);
  });

  it("lets the top ⌊n/η⌋ leave a rung, and the best one before η trials arrived", () => {
    expect([1, 2, 3, 5, 6, 8, 9, 10].map((n) => promotionSlots(n, 3))).toEqual([1, 1, 1, 1, 2, 2, 3, 3]);
    // 6 trials at the rung, η = 3: the best two go on. Others: 0.2 0.4 0.5 0.7 0.9.
    const others = [0.5, 0.2, 0.9, 0.4, 0.7];
    expect(isPromotable(0.1, others, 3, "minimize")).toBe(true); // rank 1
    expect(isPromotable(0.3, others, 3, "minimize")).toBe(true); // rank 2
    expect(isPromotable(0.4, others, 3, "minimize")).toBe(true); // tie with the second: rank 2
    expect(isPromotable(0.45, others, 3, "minimize")).toBe(false); // rank 3
    expect(isPromotable(0.8, others, 3, "maximize")).toBe(true); // 0.9 0.8: rank 2
    expect(isPromotable(0.6, others, 3, "maximize")).toBe(false); // 0.9 0.7 0.6: rank 3
  });
});

describe("AshaPruner", () => {
  const asha = new AshaPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });

  it("asks for other trials' values only at rungs", () => {
    expect([1, 2, 3, 4, 9, 10, 26, 27].map((s) => asha.stepsNeeded(0, s))).toEqual([[1], [], [3], [], [9], [], [], []]);
  });

  it("prunes at a rung exactly the trials outside the top 1/η", () => {
    // Rung 3, minimising, 8 other trials of every state reached it: 9 trials, the best 3 go on.
    const others = [
      record(0, { 1: 0.9, 3: 0.3 }, "COMPLETE"),
      record(1, { 1: 0.8, 3: 0.5 }, "PRUNED"),
      record(2, { 1: 0.7, 3: 0.2 }),
      record(3, { 1: 0.6, 3: 0.6 }, "FAILED"),
      record(4, { 1: 0.6, 3: 0.7 }),
      record(5, { 1: 0.5, 3: 0.8 }),
      record(6, { 1: 0.4, 3: 0.9 }),
      record(7, { 1: 0.4, 3: 0.95 }),
      record(8, { 1: 0.3 }), // has not reached rung 3: not counted
    ];
    expect(asha.decide(ctx(record(9, { 1: 0.5, 3: 0.25 }), 3, others))).toEqual({ action: "continue" }); // rank 2
    expect(asha.decide(ctx(record(9, { 1: 0.5, 3: 0.3 }), 3, others))).toEqual({ action: "continue" }); // tie for rank 2
    expect(asha.decide(ctx(record(9, { 1: 0.5, 3: 0.35 }), 3, others))).toEqual({ action: "continue" }); // rank 3
    expect(asha.decide(ctx(record(9, { 1: 0.5, 3: 0.55 }), 3, others))).toEqual({
      action: "prune",
      reason: "rank 4 of 9 at rung 3; only the top 3 (1/3) go on",
    });
  });

  it("does not count the deciding trial twice when the history holds it too", () => {
    const me = record(2, { 1: 0.45 });
    const others = [record(0, { 1: 0.4 }), record(1, { 1: 0.5 }), me];
    // Three trials (not four) at rung 1: one slot, taken by trial 0.
    expect(asha.decide(ctx(me, 1, others)).action).toBe("prune");
  });

  it("promotes the best so far while fewer than η trials reached a rung", () => {
    expect(asha.decide(ctx(record(0, { 1: 5 }), 1, [])).action).toBe("continue");
    expect(asha.decide(ctx(record(1, { 1: 4 }), 1, [record(0, { 1: 5 })])).action).toBe("continue");
    expect(asha.decide(ctx(record(1, { 1: 6 }), 1, [record(0, { 1: 5 })])).action).toBe("prune");
    expect(asha.decide(ctx(record(1, { 1: 6 }), 1, [record(0, { 1: 5 })], "maximize")).action).toBe("continue");
  });

  it("never prunes between rungs or at the full budget, but prunes a diverged trial anywhere", () => {
    const better = [record(0, { 2: 0, 27: 0 }), record(1, { 2: 0, 27: 0 }), record(2, { 2: 0, 27: 0 })];
    expect(asha.decide(ctx(record(3, { 2: 9 }), 2, better)).action).toBe("continue");
    expect(asha.decide(ctx(record(3, { 27: 9 }), 27, better)).action).toBe("continue");
    expect(asha.decide(ctx(record(3, { 2: Number.NaN }), 2, better))).toEqual({
      action: "prune",
      reason: "value at step 2 is NaN",
    });
  });
});
