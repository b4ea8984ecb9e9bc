import type { Objective, ObjectiveResolver } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { objectiveExecution } from "./objective-execution.js";

const plain: Objective = { run: async () => ({ metrics: { value: 1 } }) };
const refitting: Objective = {
  ...plain,
  refit: async () => ({ testMetrics: {}, steps: 1, weights: null, dataset: "d" }),
};
/** The worker's own resolver: the module `two-tower` has a refit, everything else none. */
const inProcess: ObjectiveResolver = (target) =>
  target.kind === "module" && target.name === "two-tower" ? refitting : plain;
const deps = { inProcess, concurrency: 1, cacheDir: "", dataRoots: [] };

const module = (name: string): Target => ({ kind: "module", name, config: {} });
const sleep: Target = { kind: "function", name: "sleep", durationMs: 0 };

describe("where the worker runs an objective", () => {
  it("on the JavaScript backends: modules in trial threads, with a refit when theirs has one; functions on this thread", async () => {
    const execution = objectiveExecution({ ...deps, backend: "cpu" });
    expect(execution.mode).toBe("threads");
    expect(execution.resolveObjective(sleep)).toBe(plain);
    const twoTower = execution.resolveObjective(module("two-tower"));
    expect(twoTower).not.toBe(refitting);
    expect(typeof twoTower.refit).toBe("function");
    expect(execution.resolveObjective(module("sgd")).refit).toBeUndefined();
    // Nothing ran: no thread was started, and closing has none to stop.
    await execution.close();
  });

  it("on native TensorFlow: every objective on this thread", async () => {
    const execution = objectiveExecution({ ...deps, backend: "tensorflow" });
    expect(execution.mode).toBe("in-process");
    expect(execution.resolveObjective(module("two-tower"))).toBe(refitting);
    await execution.close();
  });
});
