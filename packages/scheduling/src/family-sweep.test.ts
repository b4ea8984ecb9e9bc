import { parseStudySpec } from "@rectune/spec";
import { syntheticRecommenderStudy } from "@rectune/spec/testing";
import { describe, expect, it } from "vitest";
import { familySweep, familySweepDecision } from "./family-sweep.js";

const study = (sampler: string, maxTrials: number) =>
  parseStudySpec(
    syntheticRecommenderStudy({
      name: "families",
      model: ["pop", "itemknn", "ease", "mf"],
      synthetic: {},
      space: {
        k: { type: "int", low: 5, high: 100, when: { model: ["itemknn"] } },
        lambda: { type: "float", low: 1, high: 1000, log: true, when: { model: ["ease"] } },
        dim: { type: "int", low: 8, high: 64, when: { model: ["mf"] } },
      },
      strategy: { sampler, maxTrials },
    }),
  );

describe("familySweep", () => {
  it("spends auto's first trials on the cheap families: one for Pop, ~6 % of the budget for each tuned one", () => {
    expect(familySweep(study("auto", 60))).toEqual([
      "pop",
      ...Array<string>(4).fill("itemknn"),
      ...Array<string>(4).fill("ease"),
    ]);
    expect(familySweep(study("auto", 6))).toEqual(["pop", "itemknn"]);
    expect(familySweep(study("tpe", 60))).toEqual([]);
    const decision = familySweepDecision(familySweep(study("auto", 60)), 0);
    expect(decision).toMatchObject({ trial: 0, kind: "families", shares: { pop: 1 / 9, itemknn: 4 / 9, ease: 4 / 9 } });
    expect(decision.reason).toMatch(/pop ×1, itemknn ×4, ease ×4/);
  });
});
