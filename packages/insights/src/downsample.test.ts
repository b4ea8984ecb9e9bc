import { describe, expect, it } from "vitest";
import { type CurvePoint, lttb } from "./downsample.js";

const line = (n: number, f: (x: number) => number): CurvePoint[] => Array.from({ length: n }, (_, x) => [x, f(x)]);

describe("lttb", () => {
  it("keeps a curve that already fits, and the first and last points of one that does not", () => {
    const short = line(10, (x) => x * x);
    expect(lttb(short, 10)).toEqual(short);
    const long = line(1000, (x) => Math.sin(x / 50));
    const down = lttb(long, 100);
    expect(down).toHaveLength(100);
    expect(down[0]).toEqual([0, 0]);
    expect(down.at(-1)).toEqual(long.at(-1));
    // Steps stay in order and are points of the input.
    for (let i = 1; i < down.length; i++) expect(down[i]![0]).toBeGreaterThan(down[i - 1]![0]);
    expect(down.every(([x, y]) => long[x]![1] === y)).toBe(true);
  });

  it("keeps a single spike that striding would drop", () => {
    const spiky = line(1000, (x) => (x === 503 ? 10 : 0));
    const down = lttb(spiky, 20);
    expect(down.some(([x, y]) => x === 503 && y === 10)).toBe(true);
    const strided = spiky.filter((_, i) => i % 50 === 0);
    expect(strided.some(([, y]) => y === 10)).toBe(false);
  });

  it("handles degenerate thresholds", () => {
    const pts = line(5, (x) => x);
    expect(lttb(pts, 0)).toEqual([]);
    expect(lttb(pts, 1)).toEqual([[4, 4]]);
    expect(lttb(pts, 2)).toEqual([
      [0, 0],
      [4, 4],
    ]);
  });
});
