import { describe, expect, it } from "vitest";
import { branin, braninSpace } from "../benchmarks/functions.js";
import type { SamplerConfig } from "../samplers/config.js";
import { hypervolume } from "../multiobjective/hypervolume.js";
import { SearchSpaceError } from "../space/errors.js";
import { createStudy } from "./study.js";

describe("createStudy", () => {
  it("runs an ask/tell loop and tracks the best trial", () => {
    const study = createStudy({ directions: ["minimize"], sampler: { name: "tpe", seed: 1 } });
    for (let i = 0; i < 40; i++) {
      const trial = study.ask(braninSpace);
      expect(trial.number).toBe(i);
      study.tell(trial, branin(trial.params as Record<string, number>));
    }
    expect(study.trials).toHaveLength(40);
    const best = study.bestTrial!;
    expect(best.values![0]).toBe(Math.min(...study.trials.map((t) => t.values![0]!)));
    expect(best.values![0]).toBeLessThan(2);
    expect(study.trials.every((t) => t.strategy?.sampler === "tpe")).toBe(true);
  });

  it("is reproducible for a seed", () => {
    const run = (): unknown[] => {
      const study = createStudy({ sampler: "random", seed: 5 });
      return Array.from({ length: 5 }, () => {
        const t = study.ask(braninSpace);
        study.tell(t, 0);
        return t.params;
      });
    };
    expect(run()).toEqual(run());
  });

  it("records pruned and failed trials, and reports", () => {
    const study = createStudy({ sampler: { name: "random" } });
    const a = study.ask(braninSpace);
    study.report(a, 1, 3.5);
    study.report(a, 2, 2.5);
    study.tell(a, { state: "PRUNED" });
    const b = study.ask(braninSpace);
    study.tell(b, { state: "FAILED" });
    const c = study.ask(braninSpace);
    study.tell(c, Number.NaN);
    expect(study.trials.map((t) => t.state)).toEqual(["PRUNED", "FAILED", "FAILED"]);
    expect(study.trials[0]!.values).toEqual([2.5]);
    expect(study.bestTrial).toBeUndefined();
    expect(() => study.tell(a, 1)).toThrow(/already PRUNED/);
  });

  it("validates the space and the number of values", () => {
    const study = createStudy({ directions: ["minimize", "maximize"], sampler: "nsga2" });
    expect(() => study.ask({ x: { type: "float", low: 2, high: 1 } })).toThrow(SearchSpaceError);
    const t = study.ask(braninSpace);
    expect(() => study.tell(t, 1)).toThrow(/1 values for 2 objectives/);
  });

  it("returns the Pareto front of a multi-objective study", () => {
    const configs: SamplerConfig[] = [
      { name: "nsga2", populationSize: 20, seed: 2 },
      { name: "motpe", seed: 2 },
    ];
    for (const sampler of configs) {
      const study = createStudy({ directions: ["minimize", "minimize"], sampler });
      const space = { x: { type: "float" as const, low: 0, high: 1 }, y: { type: "float" as const, low: 0, high: 1 } };
      for (let i = 0; i < 80; i++) {
        const t = study.ask(space);
        const x = t.params.x as number;
        const y = t.params.y as number;
        // A convex front f2 = (1 - sqrt(f1)) scaled by y's distance from 0.
        study.tell(t, [x, (1 + 4 * y) * (1 - Math.sqrt(x))]);
      }
      const front = study.bestTrials;
      expect(front.length).toBeGreaterThan(3);
      const all = study.trials.map((t) => t.values!);
      for (const f of front)
        expect(
          all.some(
            (v) => v[0]! <= f.values![0]! && v[1]! <= f.values![1]! && (v[0]! < f.values![0]! || v[1]! < f.values![1]!),
          ),
        ).toBe(false);
      expect(
        hypervolume(
          front.map((f) => f.values!),
          [1.1, 5.5],
        ),
      ).toBeGreaterThan(3);
      expect(() => study.bestTrial).toThrow(/bestTrials/);
    }
  });
});
