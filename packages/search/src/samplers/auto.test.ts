import { describe, expect, it } from "vitest";
import { armOf } from "../strategy-selection/credit.js";
import { autoPlan, type Arm } from "../strategy-selection/rules.js";
import { branin, braninSpace } from "../benchmarks/functions.js";
import type { TrialRecord } from "../history.js";
import type { Params } from "../space/types.js";
import { AutoSampler } from "./auto.js";
import type { SamplerConfig } from "./config.js";
import { createStudy } from "../study/study.js";
import { createSampler } from "./registry.js";
import { strategyOf, type Sampler } from "./sampler.js";
import { suggest } from "./suggest.js";

const f = (p: Params): number => branin(p as { x0: number; x1: number });

/** A deliberately bad candidate: it only ever proposes points in Branin's worst corner. */
const corner: Sampler = {
  name: "corner",
  sample: ({ rng }) => ({ x0: -5 + rng.next(), x1: rng.next() }),
};
// "grid" stands for the bad candidate in these tests: the factory maps it to `corner`.
const build = (config: SamplerConfig): Sampler => (config.name === "grid" ? corner : createSampler(config));

function run(sampler: Sampler, n: number, seed: number, history: TrialRecord[] = []): TrialRecord[] {
  for (let i = history.length; i < n; i++) {
    const params = suggest(sampler, braninSpace, { directions: ["minimize"], trials: history }, i, seed);
    history.push({
      number: i,
      state: "COMPLETE",
      params,
      values: [f(params)],
      intermediate: new Map(),
      strategy: strategyOf(sampler),
    });
  }
  return history;
}

describe("AutoSampler", () => {
  it("warms up quasi-randomly, then records which candidate proposed each trial", () => {
    const sampler = createSampler({ name: "auto", seed: 3 }, { budget: 40 });
    const trials = run(sampler, 30, 3);
    expect(trials.slice(0, 10).map(armOf)).toEqual(Array(10).fill("qmc"));
    const arms = new Set(trials.slice(10).map(armOf));
    expect([...arms].every((a) => a === "gp" || a === "cmaes" || a === "tpe")).toBe(true);
    expect(trials[10]!.strategy?.leader).toBe("gp");
  });

  it("moves its share away from a candidate that brings no improvement", () => {
    const arms: Arm[] = [
      { key: "tpe", config: { name: "tpe", nStartupTrials: 5 }, prior: 1 },
      { key: "corner", config: { name: "grid" }, prior: 1 },
    ];
    // Thompson sampling keeps exploring a little, so one short window of one seed is noisy: judge the
    // share over trials 40-119 of six seeds. Without the bandit the bad candidate would keep about half.
    const lateShares: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const trials = run(new AutoSampler(build, seed, { arms }), 120, seed);
      const late = trials.slice(40).map(armOf);
      lateShares.push(late.filter((a) => a === "corner").length / late.length);
      expect(trials.slice(5, 20).some((t) => armOf(t) === "corner")).toBe(true);
    }
    expect(Math.max(...lateShares)).toBeLessThan(0.25);
    expect(lateShares.reduce((a, b) => a + b, 0) / lateShares.length).toBeLessThan(0.15);
  });

  it("gives a trusted candidate every trial until it stalls, then lets the bandit share them", () => {
    const arms: Arm[] = [
      { key: "corner", config: { name: "grid" }, prior: 3, patience: 5 },
      { key: "tpe", config: { name: "tpe", nStartupTrials: 5 }, prior: 1 },
    ];
    const sampler = new AutoSampler(build, 7, { arms });
    const trials: TrialRecord[] = [];
    const decisions = [];
    for (let i = 0; i < 60; i++) {
      run(sampler, i + 1, 7, trials);
      if (sampler.lastDecision) decisions.push(sampler.lastDecision);
    }
    const warmup = autoPlan(braninSpace, ["minimize"], undefined).warmup;
    // The corner never beats the warm-up's best: five trusted trials, then it has stalled.
    expect(trials.slice(warmup, warmup + 5).map((t) => [armOf(t), t.strategy?.trusted])).toEqual(
      Array(5).fill(["corner", true]),
    );
    expect(trials.slice(warmup + 5).every((t) => t.strategy?.trusted === undefined)).toBe(true);
    const stalled = decisions.find((d) => d.kind === "switch")!;
    expect(stalled.trial).toBe(warmup + 5);
    expect(stalled.reason).toMatch(/^corner stalled \(no new best in its last 5 trials\)/);
    // The bandit then favours TPE over the corner in spite of the corner's head start (prior 3 to 1).
    expect(trials.slice(30).filter((t) => armOf(t) === "tpe").length).toBeGreaterThan(15);
  });

  it("hands over from a stalled trusted candidate to the next trusted one before the bandit shares the trials", () => {
    const arms: Arm[] = [
      { key: "corner", config: { name: "grid" }, prior: 3, patience: 5 },
      { key: "corner2", config: { name: "grid" }, prior: 1, patience: 3 },
      { key: "tpe", config: { name: "tpe", nStartupTrials: 5 }, prior: 1 },
    ];
    const sampler = new AutoSampler(build, 7, { arms });
    const trials: TrialRecord[] = [];
    const decisions = [];
    for (let i = 0; i < 30; i++) {
      run(sampler, i + 1, 7, trials);
      if (sampler.lastDecision) decisions.push(sampler.lastDecision);
    }
    const warmup = autoPlan(braninSpace, ["minimize"], undefined).warmup;
    // Neither corner beats the warm-up's best: five trials of the first, three of the second, then the bandit.
    expect(trials.slice(warmup, warmup + 8).map((t) => [armOf(t), t.strategy?.trusted])).toEqual([
      ...Array(5).fill(["corner", true]),
      ...Array(3).fill(["corner2", true]),
    ]);
    expect(trials.slice(warmup + 8).every((t) => t.strategy?.trusted === undefined)).toBe(true);
    const [handOver, toBandit] = decisions.filter((d) => d.kind === "switch");
    expect(handOver!.trial).toBe(warmup + 5);
    expect(handOver!.reason).toMatch(/^corner stalled \(no new best in its last 5 trials\): corner2 is trusted next/);
    expect(toBandit!.trial).toBe(warmup + 8);
    expect(toBandit!.reason).toMatch(/^corner2 stalled \(no new best in its last 3 trials\): the bandit shares/);
  });

  it("keeps a trusted candidate that lands next to the best without beating it when such trials count as progress", () => {
    /** Proposes the best point so far moved, by less each time, in the direction that makes it worse: never a new best, always second. */
    const shadow: Sampler = {
      name: "shadow",
      sample: ({ history }) => {
        const best = history.trials.reduce((b, t) => (t.values![0]! < b.values![0]! ? t : b));
        const { x0, x1 } = best.params as { x0: number; x1: number };
        const step = 1e-6 / history.trials.length;
        const moves = [
          { x0: x0 + step, x1 },
          { x0: x0 - step, x1 },
        ];
        return moves.reduce((w, p) => (f(p) > f(w) ? p : w));
      },
    };
    const buildShadow = (config: SamplerConfig): Sampler => (config.name === "grid" ? shadow : createSampler(config));
    const trustedTrials = (progressCredit: number | undefined): number => {
      const arms: Arm[] = [
        {
          key: "shadow",
          config: { name: "grid" },
          prior: 3,
          patience: 5,
          ...(progressCredit === undefined ? {} : { progressCredit }),
        },
        { key: "tpe", config: { name: "tpe", nStartupTrials: 5 }, prior: 1 },
      ];
      const trials = run(new AutoSampler(buildShadow, 3, { arms }), 40, 3);
      expect(
        trials
          .slice(10)
          .some(
            (t) =>
              t.values![0]! < Math.min(...trials.slice(0, t.number).map((u) => u.values![0]!)) && armOf(t) === "shadow",
          ),
      ).toBe(false);
      return trials.filter((t) => t.strategy?.trusted === true).length;
    };
    // Only a new best counts: five trusted trials, then stalled. Second place (credit ≥ 0.5) counts: trusted throughout.
    expect(trustedTrials(undefined)).toBe(5);
    expect(trustedTrials(0.5)).toBe(40 - autoPlan(braninSpace, ["minimize"], undefined).warmup);
  });

  it("with GP trusted on a small continuous budget, proposes exactly what GP alone would until GP stalls", () => {
    for (const seed of [1, 2]) {
      const auto = run(createSampler({ name: "auto", seed }, { budget: 100 }), 40, seed);
      const gp = run(createSampler({ name: "gp", seed }, { budget: 100 }), 40, seed);
      const untilStall = auto.findIndex((t, i) => i >= 10 && t.strategy?.trusted !== true);
      const same = untilStall === -1 ? 40 : untilStall;
      expect(same).toBeGreaterThan(15);
      expect(auto.slice(0, same).map((t) => t.params)).toEqual(gp.slice(0, same).map((t) => t.params));
    }
  });

  it("logs its plan, the start of the bandit and switches of the leading candidate", () => {
    const arms: Arm[] = [
      { key: "corner", config: { name: "grid" }, prior: 3 },
      { key: "tpe", config: { name: "tpe", nStartupTrials: 5 }, prior: 1 },
    ];
    const sampler = new AutoSampler(build, 5, { arms });
    const decisions = [];
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 60; i++) {
      run(sampler, i + 1, 5, trials);
      if (sampler.lastDecision) decisions.push(sampler.lastDecision);
    }
    expect(decisions[0]).toMatchObject({ trial: 0, kind: "plan", to: "qmc" });
    expect(decisions[1]).toMatchObject({ trial: 10, kind: "bandit", from: "qmc", to: "corner" });
    const switched = decisions.find((d) => d.kind === "switch");
    expect(switched).toMatchObject({ from: "corner", to: "tpe" });
    expect(switched!.shares.tpe).toBeGreaterThan(switched!.shares.corner!);
  });

  it("is a function of (seed, history): a fresh instance continues exactly where another left off", () => {
    const a = run(createSampler({ name: "auto", seed: 9 }), 25, 9);
    const b = run(createSampler({ name: "auto", seed: 9 }), 25, 9, a.slice(0, 15));
    expect(b.map((t) => t.params)).toEqual(a.map((t) => t.params));
    expect(b.map((t) => t.strategy)).toEqual(a.map((t) => t.strategy));
  });

  it("does not propose the same point for trials asked together", () => {
    const sampler = createSampler({ name: "auto", seed: 4 });
    const trials = run(sampler, 12, 4);
    // Eight asks in one batch: each sees the earlier ones as pending.
    for (let i = 12; i < 20; i++) {
      const params = suggest(sampler, braninSpace, { directions: ["minimize"], trials }, i, 4);
      trials.push({
        number: i,
        state: "WAITING",
        params,
        values: null,
        intermediate: new Map(),
        strategy: strategyOf(sampler),
      });
    }
    const keys = new Set(trials.map((t) => JSON.stringify(t.params)));
    expect(keys.size).toBe(trials.length);
  });
});

describe("createStudy with the auto sampler", () => {
  it("runs single- and multi-objective studies through ask/tell and records each trial's candidate", () => {
    const single = createStudy({ sampler: { name: "auto", seed: 2 }, budget: 20 });
    for (let i = 0; i < 20; i++) {
      const t = single.ask(braninSpace);
      single.tell(t, f(t.params));
    }
    expect(single.trials.map((t) => t.strategy?.sampler).slice(0, 7)).toEqual([
      ...Array(6).fill("auto:qmc"),
      "auto:gp",
    ]);
    expect(single.bestTrial!.values![0]).toBeLessThan(2);

    const multi = createStudy({ directions: ["minimize", "minimize"], sampler: { name: "auto", seed: 2 } });
    for (let i = 0; i < 30; i++) {
      const t = multi.ask(braninSpace);
      multi.tell(t, [f(t.params), (t.params.x0 as number) ** 2]);
    }
    const arms = new Set(multi.trials.slice(10).map(armOf));
    expect([...arms].every((a) => a === "nsga2" || a === "motpe")).toBe(true);
  });
});
