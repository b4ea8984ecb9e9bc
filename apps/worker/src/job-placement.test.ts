import type { TrialJob } from "@rectune/queue";
import { describe, expect, it } from "vitest";
import { jobPlacement } from "./job-placement.js";

const job = (studyId: number): TrialJob => ({ trialId: 1, studyId, attempt: 0, accelerator: "cpu" });

describe("jobPlacement", () => {
  it("gives a cpus:k trial k slots, refuses one larger than the worker, reads each study once", async () => {
    const reads: number[] = [];
    const resources: Record<number, object> = { 1: { accelerator: "cpu", cpus: 2 }, 2: { cpus: 3 }, 3: {} };
    const place = jobPlacement(
      { study: async (id) => (reads.push(id), { spec: { resources: resources[id] } as never }) },
      { backend: "wasm", concurrency: 2, gpuMemoryMb: null },
      () => {},
    );
    expect(await place(job(1))).toEqual({ slots: 2 });
    expect(await place(job(1))).toEqual({ slots: 2 });
    expect(await place(job(2))).toEqual({ elsewhere: "needs 3 cpus and the worker has 2 slot(s)" });
    expect(await place(job(3))).toEqual({ slots: 1 });
    expect(reads).toEqual([1, 2, 3]);
  });

  it("takes one slot while the study cannot be read, and reads it again next time", async () => {
    let up = false;
    const errors: number[] = [];
    const place = jobPlacement(
      {
        study: async () => {
          if (!up) throw new Error("connection refused");
          return { spec: { resources: { cpus: 2 } } as never };
        },
      },
      { backend: "wasm", concurrency: 4, gpuMemoryMb: null },
      (id) => errors.push(id),
    );
    expect(await place(job(5))).toEqual({ slots: 1 });
    up = true;
    expect(await place(job(5))).toEqual({ slots: 2 });
    expect(errors).toEqual([5]);
  });
});
