import { describe, expect, it } from "vitest";
import { slotsFor, whyNotOn, whyUnservable, type WorkerCapacity } from "./placement.js";

const cpu = (concurrency: number): WorkerCapacity => ({ backend: "wasm", concurrency, gpuMemoryMb: null });
const gpu = (gpuMemoryMb: number | null, concurrency = 1): WorkerCapacity => ({
  backend: "tensorflow-gpu",
  concurrency,
  gpuMemoryMb,
});

describe("slotsFor", () => {
  it("takes `cpus` slots of a CPU worker and one GPU of a GPU worker", () => {
    expect(slotsFor({ cpus: 3 }, cpu(4))).toBe(3);
    expect(slotsFor({}, cpu(4))).toBe(1);
    expect(slotsFor({ cpus: 3 }, gpu(8000))).toBe(1);
  });
});

describe("whyNotOn", () => {
  it("refuses a trial needing more slots or GPU memory than the worker has, and not an unknown memory", () => {
    expect(whyNotOn({ cpus: 2 }, cpu(2))).toBeNull();
    expect(whyNotOn({ cpus: 3 }, cpu(2))).toBe("needs 3 cpus and the worker has 2 slot(s)");
    expect(whyNotOn({ accelerator: "gpu", gpuMemoryMb: 16000 }, gpu(8192))).toBe(
      "needs 16000 MB of GPU memory and the worker's GPU has 8192 MB",
    );
    expect(whyNotOn({ accelerator: "gpu", gpuMemoryMb: 8192 }, gpu(8192))).toBeNull();
    expect(whyNotOn({ accelerator: "gpu", gpuMemoryMb: 80000 }, gpu(null))).toBeNull();
  });
});

describe("whyUnservable", () => {
  it("names the missing capability when no live worker consumes the queue", () => {
    expect(whyUnservable({ accelerator: "gpu" }, [cpu(8)])).toBe(
      "its trials need a GPU worker (tfjs-node-gpu) and none is live",
    );
    expect(whyUnservable({ accelerator: "cpu" }, [gpu(8000)])).toBe("its trials need a CPU worker and none is live");
    expect(whyUnservable({}, [])).toBe("no worker is live");
  });

  it("names the size when every serving worker is too small, against the largest of them", () => {
    expect(whyUnservable({ accelerator: "cpu", cpus: 4 }, [cpu(2), cpu(3)])).toBe(
      "its trials need 4 cpus and the largest live CPU worker has 3 slot(s)",
    );
    expect(whyUnservable({ accelerator: "gpu", gpuMemoryMb: 40000 }, [gpu(8192), gpu(24576, 2), cpu(64)])).toBe(
      "its trials need 40000 MB of GPU memory and the largest live GPU worker has 24576 MB",
    );
  });

  it("is servable when one live worker fits: a bigger one, a GPU worker for an any trial, an unknown GPU", () => {
    expect(whyUnservable({ accelerator: "cpu", cpus: 4 }, [cpu(2), cpu(4)])).toBeNull();
    expect(whyUnservable({ accelerator: "any", cpus: 4 }, [cpu(2), gpu(8000)])).toBeNull();
    expect(whyUnservable({ accelerator: "gpu", gpuMemoryMb: 40000 }, [gpu(8192), gpu(null)])).toBeNull();
  });
});
