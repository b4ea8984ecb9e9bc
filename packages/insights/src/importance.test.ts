import { createRng, type SearchSpace } from "@rectune/search";
import { describe, expect, it } from "vitest";
import { importance } from "./importance.js";

const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  dim: { type: "int", low: 8, high: 128 },
  noise: { type: "float", low: 0, high: 1 },
  optimizer: { type: "categorical", choices: ["adam", "sgd", "rmsprop"] },
};

function randomTrials(n: number, f: (p: Record<string, number | string>) => number, seed = 1) {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const params = {
      lr: Math.exp(Math.log(1e-4) + rng.next() * Math.log(1e4)),
      dim: 8 + rng.int(121),
      noise: rng.next(),
      optimizer: ["adam", "sgd", "rmsprop"][rng.int(3)]!,
    };
    return { params, value: f(params) };
  });
}

describe("importance (fANOVA)", () => {
  it("gives nearly all the variance to the one parameter the objective depends on, on its log scale", () => {
    // Quadratic in log10(lr) around 1e-2: on the log scale lr explains everything; dim a sliver.
    const trials = randomTrials(300, (p) => (Math.log10(p.lr as number) + 2) ** 2 + 0.001 * (p.dim as number));
    const result = importance(space, trials);
    const byName = Object.fromEntries(result.params.map((p) => [p.name, p.importance]));
    expect(result.params[0]?.name).toBe("lr");
    expect(byName.lr).toBeGreaterThan(0.9);
    expect(byName.noise).toBeLessThan(0.03);
    expect(byName.optimizer).toBeLessThan(0.03);
    expect(result.params.reduce((s, p) => s + p.importance, 0)).toBeCloseTo(1, 9);
    expect(result.trials).toBe(300);
  });

  it("ranks a categorical parameter by its effect and splits two additive effects by their variances", () => {
    // Var(5 * index) over 3 equally likely choices = 25 * 2/3 ≈ 16.7; Var(4 * noise) = 16/12 ≈ 1.33: 0.93 vs 0.07.
    const shift = { adam: 0, sgd: 5, rmsprop: 10 } as Record<string, number>;
    const trials = randomTrials(400, (p) => shift[p.optimizer as string]! + 4 * (p.noise as number), 2);
    const result = importance(space, trials);
    const byName = Object.fromEntries(result.params.map((p) => [p.name, p.importance]));
    expect(byName.optimizer).toBeGreaterThan(0.85);
    expect(byName.noise).toBeGreaterThan(0.03);
    expect(byName.noise).toBeLessThan(0.15);
    expect(byName.lr! + byName.dim!).toBeLessThan(0.05);
  });

  it("is the same for the same seed, samples large studies down, and skips conditional parameters", () => {
    const trials = randomTrials(500, (p) => p.noise as number, 3);
    expect(importance(space, trials, { seed: 7 })).toEqual(importance(space, trials, { seed: 7 }));
    expect(importance(space, trials, { maxTrials: 100 }).trials).toBe(100);
    const conditional = {
      ...space,
      momentum: { type: "float" as const, low: 0, high: 1, when: { optimizer: ["sgd"] } },
    };
    const result = importance(conditional, trials);
    expect(result.skipped).toEqual([{ name: "momentum", reason: "conditional: inactive in some trials" }]);
    expect(result.params.map((p) => p.name)).not.toContain("momentum");
  });

  it("lists no parameter with fewer than 4 trials or a constant objective", () => {
    expect(
      importance(
        space,
        randomTrials(3, () => 1),
      ).params,
    ).toEqual([]);
    const flat = importance(
      space,
      randomTrials(50, () => 1),
    );
    expect(flat.params.every((p) => p.importance === 0)).toBe(true);
  });
});
