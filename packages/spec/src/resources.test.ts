import { describe, expect, it } from "vitest";
import { acceleratorOf, acceleratorsServedBy, resourcesSchema } from "./resources.js";
import { parseStudySpec } from "./parse.js";

const base = {
  name: "r",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "branin" },
  space: { x0: { type: "float", low: -5, high: 10 } },
  strategy: { maxTrials: 2 },
};

describe("resources", () => {
  it("defaults to the any queue, and names the field a GPU-only option needs", () => {
    expect(parseStudySpec(base).resources).toEqual({ accelerator: "any" });
    expect(parseStudySpec({ ...base, resources: { accelerator: "gpu", gpuMemoryMb: 8000 } }).resources).toEqual({
      accelerator: "gpu",
      gpuMemoryMb: 8000,
    });
    const bad = resourcesSchema.safeParse({ accelerator: "cpu", gpuMemoryMb: 8000 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["gpuMemoryMb"]);
    expect(resourcesSchema.safeParse({ accelerator: "tpu" }).success).toBe(false);
  });

  it("maps backends to the queues they serve, and specs stored before resources existed to any", () => {
    expect(acceleratorsServedBy("tensorflow-gpu")).toEqual(["gpu", "any"]);
    for (const b of ["tensorflow", "wasm", "cpu-accelerated", "cpu"])
      expect(acceleratorsServedBy(b)).toEqual(["cpu", "any"]);
    expect(acceleratorOf({})).toBe("any");
    expect(acceleratorOf({ resources: { accelerator: "gpu" } })).toBe("gpu");
  });
});
