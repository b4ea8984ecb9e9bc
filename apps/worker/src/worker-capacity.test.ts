import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { defaultConcurrency, visibleGpus } from "./worker-capacity.js";

describe("worker capacity", () => {
  it("counts the GPUs CUDA_VISIBLE_DEVICES lists, unless --gpus says", () => {
    expect(visibleGpus(undefined, "0,1,3")).toBe(3);
    expect(visibleGpus(undefined, "GPU-5e1c7a2b")).toBe(1);
    expect(visibleGpus(undefined, "")).toBe(0);
    expect(visibleGpus(undefined, "-1")).toBe(0);
    expect(visibleGpus(undefined, undefined)).toBe(1);
    expect(visibleGpus(2, "0,1,2,3")).toBe(2);
  });

  it("runs one trial per GPU on the GPU backend and one per core otherwise", () => {
    expect(defaultConcurrency("tensorflow-gpu", 4)).toBe(4);
    expect(defaultConcurrency("tensorflow-gpu", 0)).toBe(1);
    expect(defaultConcurrency("wasm", 4)).toBe(availableParallelism());
    expect(defaultConcurrency("tensorflow", 1)).toBe(availableParallelism());
  });
});
