import { describe, expect, it } from "vitest";
import { nextRestart } from "./restart-backoff.js";

describe("nextRestart (rectune up's supervisor)", () => {
  it("doubles the wait per early exit up to 30 s, and starts over after a healthy run", () => {
    let early = 0;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const next = nextRestart(early, 500);
      early = next.earlyRestarts;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(nextRestart(early, 61_000)).toEqual({ earlyRestarts: 0, delayMs: 1_000 });
  });
});
