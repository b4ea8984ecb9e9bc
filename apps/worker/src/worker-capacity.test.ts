import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { defaultConcurrency, gpuMemoryMb, smallestGpuMemoryMb, visibleGpus } from "./worker-capacity.js";

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

  it("announces the smallest GPU's memory: as given, else from nvidia-smi's lines; none on a CPU worker", () => {
    expect(smallestGpuMemoryMb("81559\n40960\n")).toBe(40960);
    expect(smallestGpuMemoryMb("[N/A]\n")).toBeNull();
    expect(smallestGpuMemoryMb("")).toBeNull();
    expect(gpuMemoryMb("tensorflow-gpu", 16_000, "0")).toBe(16_000);
    expect(gpuMemoryMb("wasm", 16_000, "0")).toBeNull();
  });
});
