import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.js";

describe("Batcher", () => {
  it("sends calls of the same turn together and calls made during a batch as the next one, answers in order", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push([...items]);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((i) => i * 10);
    });
    const first = [batcher.submit(1), batcher.submit(2)];
    await new Promise((r) => setImmediate(r));
    const second = [batcher.submit(3), batcher.submit(4), batcher.submit(5)];
    expect(batches).toEqual([[1, 2]]);
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it("rejects every call of a failed batch and keeps serving later ones", async () => {
    let fail = true;
    const batcher = new Batcher<string, string>(async (items) => {
      if (fail) throw new Error("database gone");
      return items.map((s) => s.toUpperCase());
    });
    const failed = await Promise.allSettled([batcher.submit("a"), batcher.submit("b")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await batcher.submit("c")).toBe("C");
  });

  it("caps the size of one batch", async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(async (items) => {
      sizes.push(items.length);
      return [...items];
    }, 3);
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => batcher.submit(i)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 1]);
  });
});
