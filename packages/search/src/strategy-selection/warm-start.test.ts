import { describe, expect, it } from "vitest";
import type { SearchSpace } from "../space/types.js";
import { clipParams, warmStartConfigs, type PastTrial } from "./warm-start.js";

const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1e-1, log: true },
  dim: { type: "int", low: 16, high: 128, step: 16 },
  optimizer: { type: "categorical", choices: ["adam", "sgd"] },
  momentum: { type: "float", low: 0, high: 0.9, when: { optimizer: ["sgd"] } },
};

const past = (
  studyId: number,
  number: number,
  value: number,
  params: PastTrial["params"],
  direction: PastTrial["direction"] = "maximize",
): PastTrial => ({
  studyId,
  number,
  value,
  direction,
  params,
});

describe("clipParams", () => {
  it("clamps numbers into the new bounds and grid, replaces unknown choices, drops inactive and fills missing parameters", () => {
    expect(clipParams(space, { lr: 0.5, dim: 200, optimizer: "adagrad", momentum: 0.5, extra: 1 })).toEqual({
      lr: 0.1,
      dim: 128,
      optimizer: "sgd",
      momentum: 0.5,
    });
    expect(clipParams(space, { lr: 1e-6, dim: 40, optimizer: "adam", momentum: 0.5 })).toEqual({
      lr: 1e-4,
      dim: 48,
      optimizer: "adam",
    });
    expect(clipParams(space, { lr: 0.01, dim: 64, optimizer: "sgd", momentum: 0.3 })).toEqual({
      lr: 0.01,
      dim: 64,
      optimizer: "sgd",
      momentum: 0.3,
    });
  });
});

describe("warmStartConfigs", () => {
  it("seeds exactly the top-k configurations, best first, clipped, each source recorded", () => {
    const trials = [
      past(1, 0, 0.1, { lr: 0.01, dim: 32, optimizer: "adam" }),
      past(1, 1, 0.3, { lr: 0.5, dim: 64, optimizer: "adam" }),
      past(1, 2, 0.2, { lr: 0.001, dim: 300, optimizer: "sgd", momentum: 0.95 }),
      past(2, 0, 0.25, { lr: 0.02, dim: 16, optimizer: "sgd", momentum: 0.1 }),
      past(2, 1, 0.05, { lr: 0.03, dim: 16, optimizer: "adam" }),
    ];
    const configs = warmStartConfigs(space, trials, 3);
    expect(configs.map((c) => c.source)).toEqual([
      { studyId: 1, trial: 1, value: 0.3 },
      { studyId: 2, trial: 0, value: 0.25 },
      { studyId: 1, trial: 2, value: 0.2 },
    ]);
    expect(configs.map((c) => c.params)).toEqual([
      { lr: 0.1, dim: 64, optimizer: "adam" },
      { lr: 0.02, dim: 16, optimizer: "sgd", momentum: 0.1 },
      { lr: 0.001, dim: 128, optimizer: "sgd", momentum: 0.9 },
    ]);
  });

  it("ranks minimized studies by their own direction and counts configurations that clip together once", () => {
    const trials = [
      past(3, 0, 5, { lr: 0.5, dim: 64, optimizer: "adam" }, "minimize"),
      past(3, 1, 1, { lr: 0.9, dim: 64, optimizer: "adam" }, "minimize"),
      past(3, 2, 3, { lr: 0.01, dim: 64, optimizer: "adam" }, "minimize"),
    ];
    const configs = warmStartConfigs(space, trials, 5);
    expect(configs.map((c) => c.source.trial)).toEqual([1, 2]);
  });
});
