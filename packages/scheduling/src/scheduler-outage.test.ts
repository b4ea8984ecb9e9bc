import { createMemoryStore } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { type SchedulerLedger, SchedulerLoop } from "./scheduler-loop.js";
import { RecordingQueue, silentLogger, sleepSpec } from "./testing/fixtures.js";

describe("the scheduler after the store was unreachable", () => {
  it("gives workers one stale window to heartbeat again before it reaps their trials", async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const study = await store.createStudy(sleepSpec(4, 2));
    let down = false;
    // The store as the scheduler sees it: unreachable while `down`.
    const ledger = new Proxy(store, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) =>
          down
            ? Promise.reject(Object.assign(new Error("the database system is shutting down"), { code: "57P03" }))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    }) as SchedulerLedger;
    const options = { ledger, queue: new RecordingQueue(), logger: silentLogger, tickMs: 1, reconcileEveryMs: 0 };
    const loop = new SchedulerLoop({ ...options, staleAfterMs: 60_000 });
    await loop.pass();
    const [first] = await store.unfinishedTrials(study.id);
    const held = await store.claim(first!.id, "w");
    // The store goes down for longer than the stale window (by its clock): no heartbeat could be written.
    down = true;
    await expect(loop.pass()).rejects.toThrow("shutting down");
    now += 120_000;
    down = false;
    await loop.pass();
    expect((await store.trial(study.id, 0)).state).toBe("RUNNING");
    // The worker heartbeats again and finishes: its result counts.
    await store.heartbeat("w", [first!.id]);
    expect(await store.finish(first!.id, held!.attempt, { state: "COMPLETE", values: [1] })).toBe(true);

    // A scheduler that never saw the store fail reaps a silent trial at its first pass.
    const [second] = await store.unfinishedTrials(study.id);
    await store.claim(second!.id, "w2");
    now += 120_000;
    await new SchedulerLoop({ ...options, staleAfterMs: 60_000 }).pass();
    const reaped = await store.trial(study.id, second!.number);
    expect([reaped.state, reaped.attempt]).toEqual(["WAITING", 1]);
  });
});
