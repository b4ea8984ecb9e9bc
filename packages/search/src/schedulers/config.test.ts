import { describe, expect, it } from "vitest";
import { schedulerConfigSchema, schedulerNames } from "./config.js";
import { createScheduler } from "./registry.js";

describe("schedulerConfigSchema", () => {
  it("reads a bare name as the scheduler with its defaults", () => {
    expect(schedulerConfigSchema.parse("none")).toEqual({ name: "none" });
    expect(schedulerConfigSchema.parse("median")).toEqual({
      name: "median",
      warmupSteps: 0,
      minTrials: 5,
      interval: 1,
    });
    expect(schedulerConfigSchema.parse("pbt")).toEqual({
      name: "pbt",
      interval: 1,
      quantile: 0.25,
      perturbFactors: [0.8, 1.2],
      resampleProbability: 0.25,
    });
  });

  it("needs a budget for successive halving and rejects inconsistent ones", () => {
    expect(schedulerConfigSchema.safeParse("asha").success).toBe(false);
    expect(schedulerConfigSchema.parse({ name: "asha", maxResource: 27 })).toEqual({
      name: "asha",
      minResource: 1,
      maxResource: 27,
      reductionFactor: 3,
    });
    expect(schedulerConfigSchema.safeParse({ name: "hyperband", minResource: 9, maxResource: 3 }).success).toBe(false);
    expect(schedulerConfigSchema.safeParse({ name: "asha", maxResource: 27, reductionFactor: 1 }).success).toBe(false);
    expect(schedulerConfigSchema.safeParse({ name: "percentile", percentile: 100 }).success).toBe(false);
    expect(schedulerConfigSchema.safeParse({ name: "median", patience: 3 }).success).toBe(false);
  });

  it("builds every named scheduler", () => {
    expect(schedulerNames).toEqual(["none", "median", "percentile", "asha", "hyperband", "pbt"]);
    const configs = [
      "none",
      "median",
      { name: "percentile", percentile: 25 },
      { name: "asha", maxResource: 9 },
      { name: "hyperband", maxResource: 9 },
      "pbt",
    ];
    expect(configs.map((c) => createScheduler(schedulerConfigSchema.parse(c), 0).name)).toEqual(schedulerNames);
  });
});
