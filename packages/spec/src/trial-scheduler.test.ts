import { describe, expect, it } from "vitest";
import { maxEpochsOf, reportEveryOf } from "./epochs.js";
import { parseStudySpec } from "./parse.js";
import { trialScheduler } from "./trial-scheduler.js";

const curveSpec = (
  strategy: Record<string, unknown>,
  target: Record<string, unknown> = { kind: "function", name: "curve" },
) =>
  parseStudySpec({
    name: "s",
    objective: { metric: "value", direction: "minimize" },
    target,
    space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
    strategy: { maxTrials: 40, ...strategy },
  });

const mf = (
  fixed: Record<string, number>,
  space: Record<string, unknown> = { lr: { type: "float", low: 0.001, high: 0.1 } },
  model = "mf",
) =>
  parseStudySpec({
    name: "s",
    objective: { metric: "ndcg@10", direction: "maximize" },
    target: { kind: "recommender", model, dataset: { path: "ratings.csv" }, fixed },
    space,
    strategy: { maxTrials: 40 },
  });

describe("the auto scheduler in the spec", () => {
  it("is the default, and a fixed scheduler still parses as before", () => {
    expect(curveSpec({}).strategy.scheduler).toEqual({ name: "auto" });
    expect(curveSpec({ scheduler: "auto" }).strategy.scheduler).toEqual({ name: "auto" });
    expect(curveSpec({ scheduler: "median" }).strategy.scheduler).toEqual({
      name: "median",
      warmupSteps: 0,
      minTrials: 5,
      interval: 1,
    });
  });

  it("applies the choice stored with the trial under auto, the spec's otherwise", () => {
    const asha = { name: "asha", minResource: 3, maxResource: 27, reductionFactor: 3 };
    expect(trialScheduler(curveSpec({}), { sampler: "auto:gp", scheduler: "asha", schedulerConfig: asha })).toEqual(
      asha,
    );
    // Nothing (or nothing valid) stored: the trial runs every epoch.
    expect(trialScheduler(curveSpec({}), { sampler: "auto:gp" })).toEqual({ name: "none" });
    expect(trialScheduler(curveSpec({}), { schedulerConfig: { name: "asha" } })).toEqual({ name: "none" });
    expect(trialScheduler(curveSpec({}), null)).toEqual({ name: "none" });
    // A fixed scheduler wins over anything stored.
    expect(trialScheduler(curveSpec({ scheduler: "median" }), { schedulerConfig: asha }).name).toBe("median");
  });

  it("knows how many epochs a trial of each target reports", () => {
    expect(maxEpochsOf(curveSpec({}).target, {})).toBe(27);
    expect(maxEpochsOf(curveSpec({}, { kind: "function", name: "crossing", steps: 9 }).target, {})).toBe(9);
    expect(maxEpochsOf(curveSpec({}, { kind: "function", name: "branin" }).target, {})).toBeUndefined();
    expect(maxEpochsOf(mf({}).target, mf({}).space)).toBe(20);
    expect(maxEpochsOf(mf({ epochs: 5 }).target, mf({ epochs: 5 }).space)).toBe(5);
    const tuned = mf({ epochs: 5 }, { epochs: { type: "int", low: 2, high: 30 } });
    expect(maxEpochsOf(tuned.target, tuned.space)).toBe(30);
    const ease = mf({}, { lambda: { type: "float", low: 1, high: 1000 } }, "ease");
    expect(maxEpochsOf(ease.target, ease.space)).toBe(1);
    expect([reportEveryOf(mf({}).target), reportEveryOf(curveSpec({}).target)]).toEqual([1, 1]);
  });
});
