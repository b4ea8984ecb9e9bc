import { describe, expect, it } from "vitest";
import { braninSpace, hartmann6Space, rosenbrockSpace } from "../benchmarks/functions.js";
import { recommenderSpace } from "../benchmarks/recommender.js";
import type { SearchSpace } from "../space/types.js";
import { autoPlan } from "./rules.js";

const wide: SearchSpace = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`x${i}`, { type: "float", low: 0, high: 1 } as const]),
);
/** 20 parameters, one of them categorical: large, but not for CMA-ES alone. */
const wideMixed: SearchSpace = { ...wide, x0: { type: "categorical", choices: ["a", "b"] } };
/** Mixed, unconditional: the shape of a recommender space without a model switch. */
const mixed: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  dim: { type: "int", low: 4, high: 512, log: true },
  optimizer: { type: "categorical", choices: ["sgd", "adam", "adagrad"] },
  bias: { type: "categorical", choices: [true, false] },
};
const keys = (space: SearchSpace, directions: ("minimize" | "maximize")[], budget?: number): string[] =>
  autoPlan(space, directions, budget).arms.map((a) => a.key);

describe("autoPlan", () => {
  it("starts small continuous budgets with GP, CMA-ES and TPE as alternatives", () => {
    expect(keys(braninSpace, ["minimize"], 100)).toEqual(["gp", "cmaes", "tpe"]);
    expect(keys(hartmann6Space, ["minimize"], undefined)).toEqual(["gp", "cmaes", "tpe"]);
    expect(autoPlan(braninSpace, ["minimize"], 100).arms[0]!.prior).toBeGreaterThan(1);
  });

  it("starts long continuous runs with CMA-ES", () => {
    expect(keys(rosenbrockSpace(5), ["minimize"], 1000)).toEqual(["cmaes", "tpe", "gp"]);
  });

  it("uses TPE for conditional or large spaces and long categorical runs", () => {
    expect(keys(recommenderSpace, ["minimize"], 100)).toEqual(["tpe", "tpe_uni", "gp"]);
    expect(keys(mixed, ["maximize"], 1000)).toEqual(["tpe", "tpe_uni", "gp"]);
    expect(keys(wideMixed, ["minimize"], 100)).toEqual(["tpe", "tpe_uni"]);
  });

  it("trusts CMA-ES for two generations with more than 16 numeric parameters at any budget, TPE as the alternatives", () => {
    for (const budget of [50, 200, 1000, undefined]) {
      expect(keys(wide, ["minimize"], budget)).toEqual(["cmaes", "tpe", "tpe_uni"]);
      // λ = 4 + ⌊3 ln 20⌋ = 12.
      expect(autoPlan(wide, ["minimize"], budget).arms[0]!.patience).toBe(24);
    }
  });

  it("starts small unconditional mixed spaces on short budgets with GP, TPE as the alternative", () => {
    expect(keys(mixed, ["maximize"], 50)).toEqual(["gp", "tpe"]);
    expect(keys(mixed, ["minimize"], undefined)).toEqual(["gp", "tpe"]);
    expect(keys(mixed, ["minimize"], 300)).toEqual(["gp", "tpe"]);
  });

  it("uses NSGA-II for several objectives", () => {
    expect(keys(braninSpace, ["minimize", "maximize"], 100)).toEqual(["nsga2", "motpe"]);
  });

  it("warms up as long as the preferred model's own start-up (10, at most a third of the budget) before GP or TPE", () => {
    expect(autoPlan(braninSpace, ["minimize"], 100).warmup).toBe(10);
    expect(autoPlan(hartmann6Space, ["minimize"], 100).warmup).toBe(10);
    expect(autoPlan(wideMixed, ["minimize"], undefined).warmup).toBe(10);
    expect(autoPlan(recommenderSpace, ["minimize"], 100).warmup).toBe(10);
    expect(autoPlan(hartmann6Space, ["minimize"], 12).warmup).toBe(4);
    expect(autoPlan(braninSpace, ["minimize"], 100).warmupConfig).toEqual({ name: "qmc", kind: "sobol" });
  });

  it("warms up with clamp(2d, 5, 20) quasi-random trials, at most a quarter of the budget, before NSGA-II or CMA-ES", () => {
    expect(autoPlan(braninSpace, ["minimize", "minimize"], 100).warmup).toBe(5);
    expect(autoPlan(hartmann6Space, ["minimize", "minimize"], 100).warmup).toBe(12);
    expect(autoPlan(wide, ["minimize", "minimize"], 40).warmup).toBe(10);
    expect(autoPlan(wide, ["minimize"], 50).warmup).toBe(12);
    expect(autoPlan(wide, ["minimize"], undefined).warmup).toBe(20);
    expect(autoPlan(rosenbrockSpace(5), ["minimize"], 1000).warmup).toBe(10);
    expect(autoPlan(hartmann6Space, ["minimize"], 1000).warmup).toBe(12);
  });

  it("trusts GP on small unconditional spaces and short budgets, counting a trial in the top tenth as progress", () => {
    for (const space of [braninSpace, mixed]) {
      expect(autoPlan(space, ["minimize"], 100).arms[0]).toMatchObject({
        key: "gp",
        patience: 10,
        progressCredit: 0.5,
      });
    }
    // Then, on a continuous space, CMA-ES for two generations of 4 + ⌊3 ln 2⌋ = 6; TPE is never trusted.
    expect(autoPlan(braninSpace, ["minimize"], 100).arms[1]).toMatchObject({ key: "cmaes", patience: 12 });
    expect(autoPlan(braninSpace, ["minimize"], 100).arms[2]!.patience).toBeUndefined();
    expect(autoPlan(mixed, ["minimize"], 100).arms[1]!.patience).toBeUndefined();
    expect(autoPlan(rosenbrockSpace(5), ["minimize"], 1000).arms.every((a) => a.patience === undefined)).toBe(true);
    expect(autoPlan(recommenderSpace, ["minimize"], 100).arms.every((a) => a.patience === undefined)).toBe(true);
    expect(autoPlan(mixed, ["minimize"], 1000).arms.every((a) => a.patience === undefined)).toBe(true);
  });

  it("retires GP once its cost would grow too large", () => {
    expect(autoPlan(braninSpace, ["minimize"], 100).arms[0]!.maxCompleted).toBe(300);
  });
});
