import { describe, expect, it } from "vitest";
import { branin, braninSpace } from "../benchmarks/functions.js";
import { recommenderObjective, recommenderSpace } from "../benchmarks/recommender.js";
import type { TrialRecord } from "../history.js";
import type { Params } from "../space/types.js";
import type { SamplerConfig } from "./config.js";
import { rankFinished } from "./ranking.js";
import { createSampler } from "./registry.js";
import { suggest } from "./suggest.js";
import { tpeGamma, tpeWeights } from "./tpe.js";

function bestOnBranin(config: SamplerConfig, seed: number, budget: number): number {
  const sampler = createSampler({ ...config, seed });
  const trials: TrialRecord[] = [];
  let best = Infinity;
  for (let n = 0; n < budget; n++) {
    const params = suggest(sampler, braninSpace, { directions: ["minimize"], trials }, n, seed);
    const value = branin(params as Record<string, number>);
    best = Math.min(best, value);
    trials.push({ number: n, state: "COMPLETE", params, values: [value], intermediate: new Map() });
  }
  return best;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return (s[4]! + s[5]!) / 2;
};

describe("TPE", () => {
  it("beats random search on Branin (median best over 10 seeds, 60 trials)", () => {
    const seeds = Array.from({ length: 10 }, (_, i) => i);
    const tpe = median(seeds.map((s) => bestOnBranin({ name: "tpe" }, s, 60)));
    const random = median(seeds.map((s) => bestOnBranin({ name: "random" }, s, 60)));
    expect(tpe).toBeLessThan(random);
    expect(tpe).toBeLessThan(1);
  });

  it("uses Optuna's split size and age weights", () => {
    expect([1, 10, 11, 250, 1000].map(tpeGamma)).toEqual([1, 1, 2, 25, 25]);
    const w = tpeWeights(30);
    expect(w.length).toBe(30);
    expect(w[0]).toBeCloseTo(1 / 30);
    expect(Array.from(w.slice(5))).toEqual(Array.from({ length: 25 }, () => 1));
  });

  it("ranks pruned trials after complete ones, further-reaching and better first", () => {
    const t = (
      number: number,
      state: TrialRecord["state"],
      value: number | null,
      steps: [number, number][] = [],
    ): TrialRecord => ({
      number,
      state,
      params: {},
      values: value === null ? null : [value],
      intermediate: new Map(steps),
    });
    const ranked = rankFinished({
      directions: ["maximize"],
      trials: [
        t(0, "PRUNED", 0.9, [[1, 0.9]]),
        t(1, "COMPLETE", 0.5),
        t(2, "PRUNED", 0.4, [
          [1, 0.2],
          [3, 0.4],
        ]),
        t(3, "FAILED", null),
        t(4, "COMPLETE", 0.7),
        t(5, "PRUNED", 0.6, [[3, 0.6]]),
        t(6, "RUNNING", null),
      ],
    });
    expect(ranked.map((r) => r.number)).toEqual([4, 1, 5, 2, 0]);
  });

  it("with constant liar, spreads parallel asks away from running trials", () => {
    const sampler = createSampler({ name: "tpe", constantLiar: true, seed: 3 });
    const trials: TrialRecord[] = [];
    for (let n = 0; n < 30; n++) {
      const params = suggest(sampler, braninSpace, { directions: ["minimize"], trials }, n, 3);
      trials.push({
        number: n,
        state: "COMPLETE",
        params,
        values: [branin(params as Record<string, number>)],
        intermediate: new Map(),
      });
    }
    // Four workers ask before any of them reports: each running trial counts as a bad observation.
    const proposals: Params[] = [];
    for (let k = 0; k < 4; k++) {
      const params = suggest(sampler, braninSpace, { directions: ["minimize"], trials }, 30 + k, 3);
      proposals.push(params);
      trials.push({ number: 30 + k, state: "RUNNING", params, values: null, intermediate: new Map() });
    }
    const keys = new Set(proposals.map((p) => JSON.stringify(p)));
    expect(keys.size).toBe(4);
  });

  it("proposes the same whether its history cache is warm or the sampler is fresh", () => {
    // A mixed, conditional space; one sampler follows the whole study, a fresh one joins at each ask.
    for (const multivariate of [false, true]) {
      const warm = createSampler({ name: "tpe", multivariate, seed: 5 });
      const trials: TrialRecord[] = [];
      for (let n = 0; n < 30; n++) {
        const history = { directions: ["minimize" as const], trials };
        const params = suggest(warm, recommenderSpace, history, n, 5);
        if (n >= 10)
          expect(
            suggest(createSampler({ name: "tpe", multivariate, seed: 5 }), recommenderSpace, history, n, 5),
          ).toEqual(params);
        trials.push({
          number: n,
          state: "COMPLETE",
          params,
          values: [recommenderObjective(params)],
          intermediate: new Map(),
        });
      }
    }
  });
});
