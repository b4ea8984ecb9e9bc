import { defineObjective } from "@rectune/objective-sdk";
import { parseStudySpec } from "@rectune/spec";
import { syntheticRecommenderStudy } from "@rectune/spec/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { objectiveOf, objectiveRegistry } from "./objective-registry.js";

const deps = { cacheDir: "", dataRoots: [] };
const twoTower = defineObjective({ name: "two-tower", params: z.object({ lr: z.number() }), run: async () => ({}) });

describe("the objective registry", () => {
  it("holds every built-in as a plug-in, and the operator's modules next to them", () => {
    const registry = objectiveRegistry(deps, new Map([["two-tower", twoTower]]));
    expect([...registry.keys()]).toEqual([
      "branin",
      "hartmann6",
      "rosenbrock",
      "sleep",
      "curve",
      "crossing",
      "recommender",
      "two-tower",
    ]);
    expect(registry.get("two-tower")).toBe(twoTower);
  });

  it("refuses a module named like a built-in", () => {
    const sleep = defineObjective({ name: "sleep", params: z.object({}), run: async () => ({}) });
    expect(() => objectiveRegistry(deps, new Map([["sleep", sleep]]))).toThrow(
      'objective module "sleep" has the name of a built-in objective',
    );
  });

  it("maps each kind of target to its objective and options", () => {
    const recommender = parseStudySpec(
      syntheticRecommenderStudy({
        name: "mf",
        model: "mf",
        synthetic: { users: 20, items: 20, interactionsPerUser: 5, factors: 2, seed: 1 },
        space: { lr: { type: "float", low: 0.001, high: 0.1 } },
        strategy: { maxTrials: 1 },
      }),
    ).target;
    expect(objectiveOf(recommender)).toEqual({ name: "recommender", config: recommender });
    const curve = { kind: "function", name: "curve", steps: 9 } as const;
    expect(objectiveOf(curve)).toEqual({ name: "curve", config: curve });
    expect(objectiveOf({ kind: "module", name: "two-tower", config: { data: "x" } })).toEqual({
      name: "two-tower",
      config: { data: "x" },
    });
    expect(objectiveOf({ kind: "external", name: "mine" })).toBeNull();
  });
});
