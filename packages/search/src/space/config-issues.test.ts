import { describe, expect, it } from "vitest";
import { configIssues } from "./config-issues.js";
import type { SearchSpace } from "./types.js";

const space: SearchSpace = {
  lr: { type: "float", low: 0.001, high: 0.1, log: true },
  dim: { type: "int", low: 8, high: 64, step: 8 },
  optimizer: { type: "categorical", choices: ["adam", "sgd"] },
  momentum: { type: "float", low: 0, high: 0.99, when: { optimizer: ["sgd"] } },
};

describe("configIssues", () => {
  it("accepts a configuration the space could produce, conditional parameters included", () => {
    expect(configIssues(space, { lr: 0.01, dim: 16, optimizer: "adam" })).toEqual([]);
    expect(configIssues(space, { lr: 0.01, dim: 16, optimizer: "sgd", momentum: 0.9 })).toEqual([]);
  });

  it("names each offending parameter and what was expected", () => {
    expect(configIssues(space, { lr: 0.5, dim: 12, optimizer: "adam", momentum: 0.9, extra: 1 })).toEqual([
      { param: "extra", message: "not a parameter of the study's space" },
      { param: "dim", message: "expected an integer in [8, 64] on a grid of step 8" },
      { param: "lr", message: "expected a number in [0.001, 0.1]" },
      { param: "momentum", message: "inactive under this configuration's conditions" },
    ]);
    expect(configIssues(space, { lr: 0.01, dim: 8, optimizer: "rmsprop" })).toEqual([
      { param: "optimizer", message: 'expected one of "adam", "sgd"' },
    ]);
    expect(configIssues(space, { dim: 8, optimizer: "sgd" })).toEqual([
      { param: "lr", message: "missing: expected a number in [0.001, 0.1]" },
      { param: "momentum", message: "missing: expected a number in [0, 0.99]" },
    ]);
  });
});
