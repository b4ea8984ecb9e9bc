import { describe, expect, it } from "vitest";
import { crossingObjective } from "../benchmarks/crossing.js";
import { curveObjective } from "../benchmarks/curve.js";
import type { TrialRecord } from "../history.js";
import type { Params } from "../space/types.js";
import { AutoPrunerChoice, type AutoPrunerStudy } from "./auto-choice.js";

/** A 40-trial study of the 27-epoch `curve` target. */
const study: AutoPrunerStudy = { budget: 40, maxEpochs: 27, reportEvery: 1, directions: ["minimize"] };

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

/** A step-value reader answering from `trials`, counting its reads. */
function readerOf(trials: TrialRecord[]) {
  const reader = Object.assign(
    async () => {
      reader.reads++;
      return trials;
    },
    { reads: 0 },
  );
  return reader;
}

describe("AutoPrunerChoice", () => {
  it("calibrates first and logs that choice once", async () => {
    const choice = new AutoPrunerChoice(study, readerOf([]));
    const first = await choice.choose({ directions: ["minimize"], trials: [] }, 0);
    expect(first.config).toEqual({ name: "none" });
    expect(first.decision).toMatchObject({ trial: 0, kind: "pruner", to: "none" });
    expect(first.decision?.reason).toMatch(/^calibrating/);
    const running: TrialRecord = {
      number: 0,
      state: "RUNNING",
      params: {},
      values: null,
      intermediate: new Map(),
      strategy: { pruner: "none", prunerConfig: { name: "none" }, prunerBasis: "calibrating" },
    };
    expect((await choice.choose({ directions: ["minimize"], trials: [running] }, 1)).decision).toBeUndefined();
  });

  it("switches to pruning when early epochs predict, and logs the switch from what the last trial ran under", async () => {
    const trials = completed(curveObjective, {
      pruner: "none",
      prunerConfig: { name: "none" },
      prunerBasis: "calibrating",
    });
    const reader = readerOf(trials);
    const choice = new AutoPrunerChoice(study, reader);
    const next = await choice.choose({ directions: ["minimize"], trials }, 8);
    expect(next.config).toEqual({ name: "asha", minResource: 1, maxResource: 27, reductionFactor: 3 });
    expect(next.decision).toMatchObject({ trial: 8, kind: "pruner", from: "none", to: "asha(1..27, η 3)" });
    expect(next.decision?.reason).toMatch(/ρ\(epoch 1, final\) = 1\.00 ≥ 0\.7/);
    // Nothing finished since: the cached choice, no second read.
    await choice.choose({ directions: ["minimize"], trials }, 9);
    expect(reader.reads).toBe(1);
    // A restarted scheduler whose last trial already ran under ASHA logs nothing new.
    const underAsha = completed(curveObjective, {
      pruner: "asha",
      prunerConfig: next.config,
      prunerBasis: "correlations",
    });
    const restarted = new AutoPrunerChoice(study, readerOf(underAsha));
    expect((await restarted.choose({ directions: ["minimize"], trials: underAsha }, 8)).decision).toBeUndefined();
  });

  it("does not prune when early epochs rank the trials in reverse", async () => {
    const trials = completed(crossingObjective, {
      pruner: "none",
      prunerConfig: { name: "none" },
      prunerBasis: "calibrating",
    });
    const next = await new AutoPrunerChoice(study, readerOf(trials)).choose({ directions: ["minimize"], trials }, 8);
    expect(next.config).toEqual({ name: "none" });
    // The end of calibration is logged even though the choice stays "none".
    expect(next.decision).toMatchObject({ from: "none", to: "none" });
    expect(next.decision?.reason).toMatch(/ρ\(epoch 9, final\) = -1\.00 < 0\.3: early values do not predict/);
  });
});
