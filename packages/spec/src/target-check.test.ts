import { describe, expect, it } from "vitest";
import { parseStudySpec, type StudySpecError } from "./parse.js";
import { didYouMean } from "./did-you-mean.js";
import { functionHyperparameters, SPEC_LIMITS, targetProblems } from "./target-check.js";

const MF = { names: ["lr", "dim", "l2", "epochs", "batchSize", "negatives"], required: [], label: 'model "mf"' };

const recommender = (space: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseStudySpec({
    name: "check",
    objective: { metric: "ndcg@10", direction: "maximize" },
    target: { kind: "recommender", model: "mf", dataset: { path: "r.csv" }, ...extra },
    space,
    strategy: { maxTrials: 5 },
  });

describe("targetProblems", () => {
  it("names an unknown hyperparameter, the allowed ones and the closest", () => {
    const problems = targetProblems(
      recommender({ learning_rate: { type: "float", low: 0.001, high: 0.1 } }, { fixed: { dimm: 8 } }),
      MF,
    );
    expect(problems.map((p) => p.field)).toEqual(["space.learning_rate", "target.fixed.dimm"]);
    expect(problems[0]?.message).toBe(
      'model "mf" has no hyperparameter "learning_rate"; did you mean "lr"? Expected one of: lr, dim, l2, epochs, batchSize, negatives',
    );
    expect(problems[1]?.message).toContain('did you mean "dim"?');
    expect(didYouMean("batch_size", MF.names)).toBe("batchSize");
    expect(didYouMean("zzzzzzzz", MF.names)).toBeUndefined();
  });

  it("asks for the hyperparameters a function needs", () => {
    const spec = parseStudySpec({
      name: "curve",
      objective: { metric: "value", direction: "minimize" },
      target: { kind: "function", name: "curve" },
      space: { x: { type: "float", low: 0, high: 1 } },
      strategy: { maxTrials: 5 },
    });
    expect(targetProblems(spec, functionHyperparameters("curve"))).toEqual([
      { field: "space", message: 'function "curve" needs the hyperparameter "lr": add it to the space' },
    ]);
    expect(targetProblems(spec, functionHyperparameters("sleep"))).toEqual([]);
  });

  it("needs a step for a grid over a float, and names the limits of grid and synthetic sizes", () => {
    const grid = parseStudySpec({
      name: "grid",
      objective: { metric: "ndcg@10", direction: "maximize" },
      target: {
        kind: "recommender",
        model: "mf",
        dataset: { synthetic: { users: 1_000_000, interactionsPerUser: 100 } },
      },
      space: {
        lr: { type: "float", low: 0.001, high: 0.1 },
        dim: { type: "int", low: 1, high: 100_000 },
        l2: { type: "int", low: 1, high: 100_000 },
      },
      strategy: { maxTrials: 5, sampler: { name: "grid" } },
    });
    const problems = targetProblems(grid, MF);
    expect(problems.map((p) => p.field)).toEqual(["space.lr.step", "space", "target.dataset.synthetic"]);
    expect(problems[1]?.message).toContain(`at most ${SPEC_LIMITS.maxGridPoints} (maxGridPoints)`);
    expect(problems[2]?.message).toContain("(maxSyntheticInteractions)");
  });
});

describe("spec file problems", () => {
  it("points an unknown key at its own line with the closest key, before what it left missing", async () => {
    const { parseStudySpecText } = await import("./parse.js");
    const text = [
      "name: typo",
      "objectve: { metric: value, direction: minimize }",
      "target: { kind: function, name: curve }",
      "space:",
      "  x: { type: float, low: 0, high: 1 }",
      "strategy: { maxTrials: 2, samplr: tpe }",
    ].join("\n");
    const error = (() => {
      try {
        parseStudySpecText(text, "typo.yaml");
      } catch (e) {
        return e as StudySpecError;
      }
      throw new Error("the spec was accepted");
    })();
    expect(error.problems.slice(0, 2)).toEqual([
      {
        field: "objectve",
        line: 2,
        message:
          'unknown key "objectve"; did you mean "objective"? Expected one of: name, objective, target, space, strategy, resources',
      },
      expect.objectContaining({
        field: "strategy.samplr",
        line: 6,
        message: expect.stringContaining('did you mean "sampler"?'),
      }),
    ]);
    expect(error.message).toContain("typo.yaml:2");
    expect(error.problems[2]).toEqual({ field: "objective", line: 1, message: "expected object or array" });
  });
});
