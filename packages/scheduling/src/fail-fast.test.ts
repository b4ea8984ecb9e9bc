import { InProcessTrialQueue, type TrialJob } from "@rectune/queue";
import { type Objective, TrialRunner } from "@rectune/runner";
import { createMemoryStore, type Store } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { SchedulerLoop } from "./scheduler-loop.js";
import { silentLogger, sleepSpec } from "./testing/fixtures.js";

/** Runs a study to its end with one objective for every trial; returns the study and its trial counts. */
async function runStudy(store: Store, maxTrials: number, parallelism: number, objective: Objective["run"]) {
  const runner = new TrialRunner({
    lease: store,
    workerId: "w",
    resolveObjective: () => ({ run: objective }),
    logger: silentLogger,
  });
  const queue = new InProcessTrialQueue((job: TrialJob) => runner.run(job), parallelism);
  const loop = new SchedulerLoop({ ledger: store, queue, logger: silentLogger, tickMs: 1, staleAfterMs: 60_000 });
  const study = await store.createStudy({ ...sleepSpec(maxTrials, parallelism) });
  for (let pass = 0; pass < 500 && (await store.runningStudies()).some((s) => s.id === study.id); pass++) {
    await loop.pass();
    await queue.idle();
  }
  return store.studySummary(study.id);
}

describe("a study that cannot succeed ends FAILED with the reason", () => {
  it("fails fast when the first min(3, parallelism + 1) trials fail with the same configuration error", async () => {
    const store = createMemoryStore();
    const done = await runStudy(store, 50, 2, async () => {
      throw new TypeError('the target takes no parameter "depth"');
    });
    expect(done.study.status).toBe("FAILED");
    expect(done.study.error).toBe(
      'the first 3 trials all failed with the same error: the target takes no parameter "depth"',
    );
    // The budget was not spent: only the first batch ran.
    expect(done.study.trialCount).toBeLessThanOrEqual(4);
    expect(done.counts.COMPLETE).toBe(0);
  });

  it("runs on when one of the first trials succeeded, and never reports COMPLETED without a success", async () => {
    const store = createMemoryStore();
    let calls = 0;
    // Trials fail with different errors: no fail-fast, the whole budget runs, then FAILED (none completed).
    const done = await runStudy(store, 6, 1, async () => {
      throw new RangeError(`value ${calls++} out of range`);
    });
    expect([done.study.status, done.study.trialCount, done.counts.FAILED]).toEqual(["FAILED", 6, 6]);
    expect(done.study.error).toBe("no trial completed (6 of 6 failed); last error: value 5 out of range");

    let n = 0;
    const mostlyBroken = await runStudy(store, 6, 1, async () => {
      if (n++ === 0) return { metrics: { value: 1 } };
      throw new TypeError("broken");
    });
    expect([mostlyBroken.study.status, mostlyBroken.counts.COMPLETE, mostlyBroken.counts.FAILED]).toEqual([
      "COMPLETED",
      1,
      5,
    ]);
  });
});
