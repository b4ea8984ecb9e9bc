import { crossingObjective, curveObjective, type Params, type TrialRecord } from "@rectune/search";
import { parseStudySpec } from "@rectune/spec";
import type { Store, StudyRow } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { AutoSchedulerChoice } from "./scheduler-choice.js";

const spec = parseStudySpec({
  name: "auto scheduler",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve" },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 1e-4, high: 1, log: true } },
  strategy: { maxTrials: 40 },
});
const study: StudyRow = {
  id: 1,
  name: "s",
  spec,
  status: "RUNNING",
  directions: ["minimize"],
  trialCount: 0,
  error: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  completedAt: null,
};

/** Eight completed 27-epoch trials of `f` on a grid of configurations, as the store's step values return them. */
function completed(f: (p: Params, step: number) => number, strategy?: TrialRecord["strategy"]): TrialRecord[] {
  return Array.from({ length: 8 }, (_, i) => {
    const params = { x: i / 7, lr: 10 ** (-4 + (4 * ((i * 3) % 8)) / 7) };
    return {
      number: i,
      state: "COMPLETE",
      params,
      values: [f(params, 27)],
      intermediate: new Map([1, 3, 9].map((s) => [s, f(params, s)])),
      ...(strategy ? { strategy } : {}),
    };
  });
}

/** A store whose only part used here answers the step-value query from `trials`, counting the queries. */
function storeOf(trials: TrialRecord[]): Store & { queries: number } {
  const store = { queries: 0, trials: { stepValues: async () => (store.queries++, trials) } };
  return store as unknown as Store & { queries: number };
}

describe("AutoSchedulerChoice", () => {
  it("calibrates first and logs that choice once", async () => {
    const choice = new AutoSchedulerChoice(study);
    const first = await choice.choose(storeOf([]), { directions: ["minimize"], trials: [] }, 0);
    expect(first.config).toEqual({ name: "none" });
    expect(first.decision).toMatchObject({ trial: 0, kind: "scheduler", to: "none" });
    expect(first.decision?.reason).toMatch(/^calibrating/);
    const running: TrialRecord = {
      number: 0,
      state: "RUNNING",
      params: {},
      values: null,
      intermediate: new Map(),
      strategy: { scheduler: "none", schedulerConfig: { name: "none" }, schedulerBasis: "calibrating" },
    };
    expect(
      (await choice.choose(storeOf([]), { directions: ["minimize"], trials: [running] }, 1)).decision,
    ).toBeUndefined();
  });

  it("switches to pruning when early epochs predict, and logs the switch from what the last trial ran under", async () => {
    const trials = completed(curveObjective, {
      scheduler: "none",
      schedulerConfig: { name: "none" },
      schedulerBasis: "calibrating",
    });
    const store = storeOf(trials);
    const choice = new AutoSchedulerChoice(study);
    const next = await choice.choose(store, { directions: ["minimize"], trials }, 8);
    expect(next.config).toEqual({ name: "asha", minResource: 1, maxResource: 27, reductionFactor: 3 });
    expect(next.decision).toMatchObject({ trial: 8, kind: "scheduler", from: "none", to: "asha(1..27, η 3)" });
    expect(next.decision?.reason).toMatch(/ρ\(epoch 1, final\) = 1\.00 ≥ 0\.7/);
    // Nothing finished since: the cached choice, no second query.
    await choice.choose(store, { directions: ["minimize"], trials }, 9);
    expect(store.queries).toBe(1);
    // A restarted scheduler whose last trial already ran under ASHA logs nothing new.
    const underAsha = completed(curveObjective, {
      scheduler: "asha",
      schedulerConfig: next.config,
      schedulerBasis: "correlations",
    });
    expect(
      (
        await new AutoSchedulerChoice(study).choose(
          storeOf(underAsha),
          { directions: ["minimize"], trials: underAsha },
          8,
        )
      ).decision,
    ).toBeUndefined();
  });

  it("does not prune when early epochs rank the trials in reverse", async () => {
    const trials = completed(crossingObjective, {
      scheduler: "none",
      schedulerConfig: { name: "none" },
      schedulerBasis: "calibrating",
    });
    const next = await new AutoSchedulerChoice(study).choose(storeOf(trials), { directions: ["minimize"], trials }, 8);
    expect(next.config).toEqual({ name: "none" });
    // The end of calibration is logged even though the choice stays "none".
    expect(next.decision).toMatchObject({ from: "none", to: "none" });
    expect(next.decision?.reason).toMatch(/ρ\(epoch 9, final\) = -1\.00 < 0\.3: early values do not predict/);
  });
});
