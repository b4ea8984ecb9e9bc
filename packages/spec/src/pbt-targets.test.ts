import { describe, expect, it } from "vitest";
import { studySpecSchema } from "./study-spec.js";

const spec = (target: unknown, space: Record<string, unknown>) => ({
  name: "pbt",
  objective: { metric: "ndcg@10", direction: "maximize" },
  target,
  space,
  strategy: { maxTrials: 8, pruner: "pbt" },
});
const mf = { kind: "recommender", model: "mf", dataset: { path: "ratings.csv" } };
const issues = (body: unknown) => {
  const r = studySpecSchema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("which studies may use population-based training", () => {
  it("admits a gradient-trained recommender exploring training hyperparameters", () => {
    expect(
      issues(
        spec(mf, {
          lr: { type: "float", low: 0.001, high: 0.1, log: true },
          l2: { type: "float", low: 0, high: 0.01 },
        }),
      ),
    ).toEqual([]);
  });

  it("refuses hyperparameters that change the weights' shapes, naming each", () => {
    expect(
      issues(spec(mf, { lr: { type: "float", low: 0.001, high: 0.1 }, dim: { type: "int", low: 8, high: 64 } })),
    ).toEqual([expect.stringMatching(/^space\.dim: pbt copies weights between trials/)]);
  });

  it("refuses models that keep no training state", () => {
    expect(issues(spec({ ...mf, model: "itemknn" }, { k: { type: "int", low: 10, high: 100 } }))).toEqual([
      expect.stringMatching(/^strategy\.pruner\.name: pbt needs a target that saves checkpoints/),
    ]);
  });
});
