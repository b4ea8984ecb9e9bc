import type { WorkerLoad } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { capacityOf } from "./capacity.js";

const worker = (id: string, backend: string, concurrency: number, gpuMemoryMb: number | null): WorkerLoad => ({
  id,
  host: "h",
  pid: 1,
  backend,
  concurrency,
  gpus: backend === "tensorflow-gpu" ? concurrency : 0,
  gpuMemoryMb,
  objectives: {},
  startedAt: new Date(0),
  lastSeenAt: new Date(0),
  silentForMs: 0,
  running: [],
});
const study = (id: number, resources: object) => ({ id, name: `s${id}`, spec: { resources } as never });

describe("capacityOf", () => {
  it("reports a study whose GPU memory or cpus exceed every live worker, with why, and not one that fits", () => {
    const workers = [worker("g", "tensorflow-gpu", 1, 24_576), worker("c", "wasm", 2, null)];
    const capacity = capacityOf(
      workers,
      [
        study(1, { accelerator: "gpu", gpuMemoryMb: 40_000 }),
        study(2, { accelerator: "gpu", gpuMemoryMb: 16_000 }),
        study(3, { accelerator: "cpu", cpus: 4 }),
        study(4, { accelerator: "cpu", cpus: 2 }),
      ],
      { gpu: 0, cpu: 0, any: 0 },
      10_000,
    );
    expect(capacity.unservedStudies).toEqual([
      {
        id: 1,
        name: "s1",
        accelerator: "gpu",
        reason: "its trials need 40000 MB of GPU memory and the largest live GPU worker has 24576 MB",
      },
      {
        id: 3,
        name: "s3",
        accelerator: "cpu",
        reason: "its trials need 4 cpus and the largest live CPU worker has 2 slot(s)",
      },
    ]);
  });
});
