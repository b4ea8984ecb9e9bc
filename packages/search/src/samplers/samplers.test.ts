import { describe, expect, it } from "vitest";
import type { StudyHistory, TrialRecord } from "../history.js";
import { isActive, orderedParams } from "../space/active.js";
import { contains } from "../space/transform.js";
import type { Params, SearchSpace } from "../space/types.js";
import type { SamplerConfig } from "./config.js";
import { createSampler } from "./registry.js";
import { suggest } from "./suggest.js";

// Every kind of parameter the spec allows, including conditional ones.
const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  dropout: { type: "float", low: 0, high: 0.5, step: 0.1 },
  momentum: { type: "float", low: 0.5, high: 0.99 },
  dim: { type: "int", low: 8, high: 256, log: true },
  epochs: { type: "int", low: 5, high: 50, step: 5 },
  layers: { type: "int", low: 1, high: 4 },
  model: { type: "categorical", choices: ["mf", "neumf", 3, true] },
  hidden: { type: "int", low: 16, high: 64, step: 16, when: { model: ["neumf"] } },
  act: { type: "categorical", choices: ["relu", "tanh"], when: { model: ["neumf"] } },
};

const objective = (p: Params): number =>
  (Math.log10(p.lr as number) + 2) ** 2 +
  (p.dropout as number) +
  (p.layers as number) / 4 +
  (p.model === "neumf" ? 0 : 0.5);

/**
 * Asks `n` trials in sequence. The first `grow` are completed and join the history; later asks all see that
 * history (model-based samplers cost O(history) per ask, and the checks are about each proposal).
 */
function run(config: SamplerConfig, n: number, sp: SearchSpace = space, seed = 7, grow = n): Params[] {
  // The seed goes both to the sampler (QMC scrambling, GP start-up) and to suggest (the per-trial stream).
  const sampler = createSampler({ ...config, seed });
  const trials: TrialRecord[] = [];
  const out: Params[] = [];
  for (let i = 0; i < n; i++) {
    const params = suggest(sampler, sp, { directions: ["minimize"], trials }, i, seed);
    out.push(params);
    if (i >= grow) continue;
    // A few trials fail or are pruned so that samplers see every state.
    const state = i % 17 === 5 ? "FAILED" : i % 13 === 3 ? "PRUNED" : "COMPLETE";
    const value = objective({ lr: 0.01, dropout: 0, layers: 1, ...params });
    trials.push({
      number: i,
      state,
      params,
      values: state === "FAILED" ? null : [value],
      intermediate: new Map(state === "PRUNED" ? [[1, value]] : []),
    });
  }
  return out;
}

function violations(sp: SearchSpace, params: Params): string[] {
  const bad: string[] = [];
  for (const name of orderedParams(sp)) {
    const active = isActive(sp, name, params);
    if (active && !contains(sp[name]!, params[name])) bad.push(`${name}=${String(params[name])}`);
    if (!active && name in params) bad.push(`${name} present while inactive`);
  }
  for (const name of Object.keys(params)) if (!(name in sp)) bad.push(`unknown ${name}`);
  return bad;
}

// [label, config, asks, how many of them grow the history]
const SAMPLERS: [string, SamplerConfig, number, number][] = [
  ["random", { name: "random" }, 1000, 1000],
  ["qmc sobol", { name: "qmc", kind: "sobol" }, 1000, 1000],
  ["qmc halton", { name: "qmc", kind: "halton" }, 1000, 1000],
  ["tpe", { name: "tpe" }, 1000, 30],
  ["tpe multivariate + constant liar", { name: "tpe", multivariate: true, constantLiar: true }, 300, 60],
  ["motpe", { name: "motpe" }, 300, 60],
  ["cmaes", { name: "cmaes" }, 1000, 300],
  ["nsga2", { name: "nsga2", populationSize: 20 }, 1000, 100],
  ["gp", { name: "gp", maxPoints: 40, maxFitPoints: 30, fitIterations: 10 }, 40, 25],
];

describe.each(SAMPLERS)("%s sampler", (_label, config, n, grow) => {
  it(`respects bounds, steps, log scales, choices and conditions over ${n} asks`, () => {
    const proposals = run(config, n, space, 7, grow);
    const bad = proposals.flatMap((p) => violations(space, p));
    expect(bad).toEqual([]);
    // Conditional parameters do show up (the sampler explores both branches).
    expect(proposals.some((p) => "hidden" in p)).toBe(true);
    expect(proposals.some((p) => !("hidden" in p))).toBe(true);
  });

  it("gives the same sequence for the same seed, and a fresh instance agrees mid-study", () => {
    const m = Math.min(n, 30);
    const a = run(config, m);
    expect(run(config, m)).toEqual(a);
    expect(run(config, m, space, 8)).not.toEqual(a);
    // A restarted scheduler: a new sampler instance, same history, same trial number -> same proposal.
    const trials: TrialRecord[] = a.slice(0, m - 1).map((params, i) => ({
      number: i,
      state: "COMPLETE",
      params,
      values: [objective({ lr: 0.01, dropout: 0, layers: 1, ...params })],
      intermediate: new Map(),
    }));
    const history: StudyHistory = { directions: ["minimize"], trials };
    const fresh = (): Params => suggest(createSampler({ ...config, seed: 7 }), space, history, m - 1, 7);
    expect(fresh()).toEqual(fresh());
  });
});

describe("grid sampler", () => {
  const finite: SearchSpace = {
    opt: { type: "categorical", choices: ["adam", "sgd"] },
    layers: { type: "int", low: 1, high: 3 },
    dropout: { type: "float", low: 0, high: 0.2, step: 0.1, when: { opt: ["adam"] } },
  };

  it("visits every configuration once before repeating, conditions respected", () => {
    const proposals = run({ name: "grid" }, 12, finite);
    const keys = proposals.slice(0, 12).map((p) => JSON.stringify(Object.entries(p).sort()));
    // adam: 3 layers x 3 dropouts = 9; sgd: 3 layers (no dropout) = 12 in all.
    expect(new Set(keys).size).toBe(12);
    expect(proposals.flatMap((p) => violations(finite, p))).toEqual([]);
    expect(proposals.filter((p) => p.opt === "sgd").every((p) => !("dropout" in p))).toBe(true);
  });

  it("respects the constraints over 1,000 asks on a larger grid", () => {
    const bigger: SearchSpace = {
      ...finite,
      epochs: { type: "int", low: 5, high: 100, step: 5 },
      lr: { type: "float", low: 0.1, high: 1, step: 0.1 },
    };
    expect(run({ name: "grid" }, 1000, bigger, 7, 200).flatMap((p) => violations(bigger, p))).toEqual([]);
  });

  it("names a continuous parameter without a step", () => {
    expect(() => run({ name: "grid" }, 1, { x: { type: "float", low: 0, high: 1 } })).toThrowError(
      expect.objectContaining({ name: "SearchSpaceError", param: "x", field: "step" }),
    );
  });
});
