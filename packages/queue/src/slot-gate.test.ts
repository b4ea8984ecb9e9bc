import { describe, expect, it } from "vitest";
import { SlotGate } from "./slot-gate.js";

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("SlotGate", () => {
  it("runs floor(N / k) trials of k slots at once on N slots", async () => {
    const gate = new SlotGate(5);
    const held: number[] = [];
    const releases = [1, 2, 3].map((i) => gate.acquire(2).then((release) => (held.push(i), release)));
    await settle();
    expect(held).toEqual([1, 2]);
    expect([gate.inUse, gate.demand]).toEqual([4, 6]);
    (await releases[0]!)();
    await settle();
    expect(held).toEqual([1, 2, 3]);
    expect(gate.inUse).toBe(4);
  });

  it("mixes sizes by the slots left, first come first served: a big trial is not overtaken", async () => {
    const gate = new SlotGate(2);
    const small = await gate.acquire(1);
    const order: string[] = [];
    const big = gate.acquire(2).then((release) => (order.push("big"), release));
    const later = gate.acquire(1).then((release) => (order.push("small"), release));
    await settle();
    expect(order).toEqual([]); // one slot is free, but the big trial came first
    small();
    await settle();
    expect(order).toEqual(["big"]);
    (await big)();
    await settle();
    expect(order).toEqual(["big", "small"]);
    (await later)();
    expect([gate.inUse, gate.demand]).toEqual([0, 0]);
  });

  it("releases once however often called, and refuses a trial larger than the worker", async () => {
    const gate = new SlotGate(2);
    const release = await gate.acquire(1);
    release();
    release();
    expect(gate.inUse).toBe(0);
    await expect(gate.acquire(3)).rejects.toThrow("a trial takes 1 to 2 slots here, not 3");
  });
});
