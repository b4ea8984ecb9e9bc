import { describe, expect, it } from "vitest";
import { kCoreFilter } from "./kcore.js";

describe("kCoreFilter", () => {
  it("drops users and items below k repeatedly until every survivor has k", () => {
    // Users 0, 1 share items 0, 1 (a 2-core); user 2 has item 2 only; user 0 also has item 2.
    const users = Int32Array.from([0, 0, 1, 1, 2, 0]);
    const items = Int32Array.from([0, 1, 0, 1, 2, 2]);
    expect(Array.from(kCoreFilter(users, items, 3, 3, 2))).toEqual([0, 1, 2, 3]);
    expect(Array.from(kCoreFilter(users, items, 3, 3, 1))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(kCoreFilter(users, items, 3, 3, 3))).toEqual([]);
  });
});
