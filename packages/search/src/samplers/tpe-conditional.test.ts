import { describe, expect, it } from "vitest";
import { activeGroups, BAD, GOOD, tpeGamma } from "./tpe.js";

describe("TPE's split for a conditional parameter", () => {
  it("takes the best of the trials where it was active, not the study's best", () => {
    // Positions 0-9 ranked best first; the parameter is active at odd positions only; 2 is pending (liar: BAD).
    const values = Float64Array.from({ length: 12 }, (_, pos) => (pos % 2 === 1 ? pos / 10 : Number.NaN));
    const ranked = Int32Array.from([0, 4, 1, 6, 3, 8, 5, 10, 7, 11, 9]);
    const group = new Uint8Array(12);
    group[2] = BAD;
    const own = activeGroups(values, ranked, group, (n) => Math.ceil(n / 3));
    // Active, in rank order: 1, 3, 5, 7, 11, 9 -> the best ceil(6 / 3) = 2 are good.
    expect([...own]).toEqual([0, GOOD, BAD, GOOD, 0, BAD, 0, BAD, 0, BAD, 0, BAD]);
    // The study-wide split (tpeGamma(11) = 2: positions 0 and 4) would have left the parameter no good trial.
    expect(ranked.slice(0, tpeGamma(ranked.length)).every((pos) => Number.isNaN(values[pos]!))).toBe(true);
  });
});
