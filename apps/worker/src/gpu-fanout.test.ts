import { describe, expect, it } from "vitest";
import { childArgs, gpuDevices } from "./gpu-fanout.js";

describe("one worker process per GPU", () => {
  it("gives each child one device of CUDA_VISIBLE_DEVICES (or 0..gpus-1), at most --gpus of them", () => {
    expect(gpuDevices("0,1,3", undefined)).toEqual(["0", "1", "3"]);
    expect(gpuDevices("GPU-a, GPU-b", undefined)).toEqual(["GPU-a", "GPU-b"]);
    expect(gpuDevices("0,1,3", 2)).toEqual(["0", "1"]);
    expect(gpuDevices(undefined, 3)).toEqual(["0", "1", "2"]);
    expect(gpuDevices(undefined, undefined)).toEqual(["0"]);
    expect(gpuDevices("-1", undefined)).toEqual([]);
  });

  it("passes the parent's arguments on, less the options each child gets its own value of", () => {
    expect(
      childArgs(["apps/worker/dist/main.js", "--gpus", "4", "--id=w", "-c", "4", "--concurrency=2", "--other", "x"]),
    ).toEqual(["apps/worker/dist/main.js", "--other", "x"]);
  });
});
