import { describe, expect, it } from "vitest";
import { createRng } from "../rng.js";
import type { SearchSpace } from "../space/types.js";
import { explore } from "./explore.js";

const space: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  dim: { type: "int", low: 8, high: 128 },
  dropout: { type: "float", low: 0, high: 0.5, step: 0.1 },
  optimizer: { type: "categorical", choices: ["sgd", "adam", "adagrad"] },
  momentum: { type: "float", low: 0, high: 0.99, when: { optimizer: ["sgd"] } },
};

describe("explore", () => {
  it("scales numbers by a perturbation factor onto the legal grid and clips them", () => {
    const params = { lr: 0.01, dim: 32, dropout: 0.3, optimizer: "adam" };
    const up = explore(params, space, createRng(1), { perturbFactors: [1.2], resampleProbability: 0 });
    expect(up.lr).toBeCloseTo(0.012, 12);
    expect(up.dim).toBe(38); // 38.4 rounded
    expect(up.dropout).toBe(0.4); // 0.36 onto the 0.1 grid
    expect(["sgd", "adagrad"]).toContain(up.optimizer); // a neighbouring choice
    const capped = explore({ ...params, lr: 0.9, dim: 120 }, space, createRng(1), {
      perturbFactors: [2],
      resampleProbability: 0,
    });
    expect(capped.lr).toBe(1);
    expect(capped.dim).toBe(128);
  });

  it("samples parameters a changed condition switches on and drops those it switches off", () => {
    for (let seed = 0; seed < 20; seed++) {
      const next = explore({ lr: 0.01, dim: 32, dropout: 0.3, optimizer: "adam" }, space, createRng(seed), {
        perturbFactors: [0.8, 1.2],
        resampleProbability: 0.5,
      });
      expect("momentum" in next).toBe(next.optimizer === "sgd");
      if (next.optimizer === "sgd") expect(next.momentum as number).toBeGreaterThanOrEqual(0);
    }
  });

  it("is a function of the random stream", () => {
    const params = { lr: 0.01, dim: 32, dropout: 0.3, optimizer: "sgd", momentum: 0.9 };
    const options = { perturbFactors: [0.8, 1.2], resampleProbability: 0.25 };
    expect(explore(params, space, createRng(7), options)).toEqual(explore(params, space, createRng(7), options));
  });
});
