import { describe, expect, it } from "vitest";
import { dLogHdz, erfc, logAddExp, logH, normCdf } from "./normal.js";

// Reference values from mpmath at 40 digits, rounded to doubles.
const ERFC: [number, number][] = [
  [-3, 1.9999779095030015],
  [-1, 1.842700792949715],
  [0, 1],
  [0.5, 0.4795001221869535],
  [1, 0.15729920705028513],
  [2, 0.004677734981047266],
  [3, 2.209049699858544e-5],
  [5, 1.537459794428035e-12],
  [8, 1.1224297172982926e-29],
];
// z, log(z Φ(z) + φ(z)), Φ(z) / (z Φ(z) + φ(z)).
const LOG_H: [number, number, number][] = [
  [-2, -4.768783523917114, 2.679416883955586],
  [-5.9, -21.95266848152973, 6.214398270232836],
  [-6, -22.578879392169796, 6.309840773209832],
  [-6.1, -23.214640722962002, 6.405405887447655],
  [-10, -55.55312203612235, 10.194383033412553],
  [-30, -457.724653760598, 30.06644615416242],
];

describe("normal distribution helpers", () => {
  it("erfc within its documented 1.2e-7 relative error, far into the tail", () => {
    for (const [x, want] of ERFC) expect(Math.abs(erfc(x) / want - 1)).toBeLessThan(1.2e-7);
    expect(normCdf(0)).toBeCloseTo(0.5, 7);
    expect(normCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
  });

  it("log-EI's log h(z) and its slope on both sides of the switch to the asymptotic series", () => {
    for (const [z, logh, slope] of LOG_H) {
      expect(Math.abs(logH(z) - logh)).toBeLessThan(1e-5);
      expect(Math.abs(dLogHdz(z) / slope - 1)).toBeLessThan(1e-5);
    }
    // No step where the series takes over (with four terms it was 5e-4).
    expect(Math.abs(logH(-6 + 1e-12) - logH(-6))).toBeLessThan(1e-5);
    // Finite at z = -1000, where z Φ(z) + φ(z) underflows.
    expect(Number.isFinite(logH(-1000))).toBe(true);
    expect(dLogHdz(-1000)).toBeCloseTo(1000, 0);
  });

  it("adds in log space without overflow", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(-Infinity, -3)).toBe(-3);
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
  });
});
