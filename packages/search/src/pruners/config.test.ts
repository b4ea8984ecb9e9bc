import { describe, expect, it } from "vitest";
import { prunerConfigSchema, prunerNames } from "./config.js";
import { createPruner } from "./registry.js";

describe("prunerConfigSchema", () => {
  it("reads a bare name as the pruner with its defaults", () => {
    expect(prunerConfigSchema.parse("none")).toEqual({ name: "none" });
    expect(prunerConfigSchema.parse("median")).toEqual({
      name: "median",
      warmupSteps: 0,
      minTrials: 5,
      interval: 1,
    });
    expect(prunerConfigSchema.parse("pbt")).toEqual({
      name: "pbt",
      interval: 1,
      quantile: 0.25,
      perturbFactors: [0.8, 1.2],
      resampleProbability: 0.25,
    });
  });

  it("needs a budget for successive halving and rejects inconsistent ones", () => {
    expect(prunerConfigSchema.safeParse("asha").success).toBe(false);
    expect(prunerConfigSchema.parse({ name: "asha", maxResource: 27 })).toEqual({
      name: "asha",
      minResource: 1,
      maxResource: 27,
      reductionFactor: 3,
    });
    expect(prunerConfigSchema.safeParse({ name: "hyperband", minResource: 9, maxResource: 3 }).success).toBe(false);
    expect(prunerConfigSchema.safeParse({ name: "asha", maxResource: 27, reductionFactor: 1 }).success).toBe(false);
    expect(prunerConfigSchema.safeParse({ name: "percentile", percentile: 100 }).success).toBe(false);
    expect(prunerConfigSchema.safeParse({ name: "median", patience: 3 }).success).toBe(false);
  });

  it("builds every named pruner", () => {
    expect(prunerNames).toEqual(["none", "median", "percentile", "asha", "hyperband", "pbt"]);
    const configs = [
      "none",
      "median",
      { name: "percentile", percentile: 25 },
      { name: "asha", maxResource: 9 },
      { name: "hyperband", maxResource: 9 },
      "pbt",
    ];
    expect(configs.map((c) => createPruner(prunerConfigSchema.parse(c), 0).name)).toEqual(prunerNames);
  });
});
