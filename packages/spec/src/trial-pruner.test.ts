import { describe, expect, it } from "vitest";
import { maxEpochsOf, reportEveryOf } from "./epochs.js";
import { deprecationsOf, parseStudySpec, readStudySpecText, StudySpecError } from "./parse.js";
import { trialPruner } from "./trial-pruner.js";

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

describe("the auto pruner in the spec", () => {
  it("is the default, and a fixed pruner parses with its defaults", () => {
    expect(curveSpec({}).strategy.pruner).toEqual({ name: "auto" });
    expect(curveSpec({ pruner: "auto" }).strategy.pruner).toEqual({ name: "auto" });
    expect(curveSpec({ pruner: "median" }).strategy.pruner).toEqual({
      name: "median",
      warmupSteps: 0,
      minTrials: 5,
      interval: 1,
    });
  });

  it("reads the deprecated strategy.scheduler as strategy.pruner, with a warning, and refuses both", () => {
    const old = curveSpec({ scheduler: { name: "asha", maxResource: 27 } });
    expect(old.strategy.pruner).toEqual({ name: "asha", minResource: 1, maxResource: 27, reductionFactor: 3 });
    expect("scheduler" in old.strategy).toBe(false);
    expect(deprecationsOf({ strategy: { scheduler: "median" } }).map((w) => w.field)).toEqual(["strategy.scheduler"]);
    expect(deprecationsOf({ strategy: { pruner: "median" } })).toEqual([]);
    let error: unknown;
    try {
      curveSpec({ scheduler: "median", pruner: "asha" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StudySpecError);
    expect((error as StudySpecError).problems.map((p) => p.field)).toEqual(["strategy.scheduler"]);
  });

  it("names the line of a deprecated key in a spec file", () => {
    const text = [
      "name: s",
      "objective: { metric: value, direction: minimize }",
      "target: { kind: function, name: curve }",
      "space: { x: { type: float, low: 0, high: 1 } }",
      "strategy:",
      "  maxTrials: 5",
      "  scheduler: median",
    ].join("\n");
    const { spec, warnings } = readStudySpecText(text, "s.yaml");
    expect(spec.strategy.pruner.name).toBe("median");
    expect(warnings).toEqual([expect.objectContaining({ field: "strategy.scheduler", line: 7 })]);
  });

  it("applies the choice stored with the trial under auto, the spec's otherwise", () => {
    const asha = { name: "asha", minResource: 3, maxResource: 27, reductionFactor: 3 };
    expect(trialPruner(curveSpec({}), { sampler: "auto:gp", pruner: "asha", prunerConfig: asha })).toEqual(asha);
    // Nothing (or nothing valid) stored: the trial runs every epoch.
    expect(trialPruner(curveSpec({}), { sampler: "auto:gp" })).toEqual({ name: "none" });
    expect(trialPruner(curveSpec({}), { prunerConfig: { name: "asha" } })).toEqual({ name: "none" });
    expect(trialPruner(curveSpec({}), null)).toEqual({ name: "none" });
    // A fixed pruner wins over anything stored.
    expect(trialPruner(curveSpec({ pruner: "median" }), { prunerConfig: asha }).name).toBe("median");
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
