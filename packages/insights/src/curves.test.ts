import { describe, expect, it } from "vitest";
import { selectCurves, stepBands, type TrialCurve } from "./curves.js";

const curve = (
  number: number,
  state: string,
  value: number | null,
  steps: number,
  f = (s: number) => s,
): TrialCurve => ({
  number,
  state,
  value,
  points: Array.from({ length: steps }, (_, s) => [s + 1, f(s + 1) + number] as const),
});

describe("selectCurves", () => {
  const trials = [
    ...Array.from({ length: 100 }, (_, n) => curve(n, "COMPLETE", n, 30)),
    ...Array.from({ length: 50 }, (_, i) => curve(100 + i, "PRUNED", null, 3)),
    curve(150, "RUNNING", null, 10),
    { number: 151, state: "WAITING", value: null, points: [] },
  ];

  it("draws the requested, the running and the best trials first, then a spread of the rest", () => {
    const sel = selectCurves(trials, { direction: "minimize", maxCurves: 20, maxPoints: 10, include: [99] });
    const numbers = sel.curves.map((c) => c.number);
    expect(sel.trials).toBe(151);
    expect(numbers).toHaveLength(20);
    expect(numbers).toContain(99);
    expect(numbers).toContain(150);
    // Half the budget goes to the best (lowest) completed values: 0..9.
    for (let n = 0; n < 9; n++) expect(numbers).toContain(n);
    expect(numbers.some((n) => n >= 100 && n < 150)).toBe(true);
    expect(sel.curves.every((c) => c.points.length <= 10)).toBe(true);
    const pruned = sel.curves.find((c) => c.number >= 100 && c.number < 150)!;
    expect(pruned.lastStep).toBe(3);
    expect(pruned.points.at(-1)?.[0]).toBe(3);
  });

  it("takes the highest values first when maximizing, and draws everything when it fits", () => {
    const sel = selectCurves(trials.slice(0, 100), { direction: "maximize", maxCurves: 4, maxPoints: 50 });
    // The best two (99, 98), then an even spread of the other 98: the 1st and the 50th.
    expect(sel.curves.map((c) => c.number)).toEqual([0, 49, 98, 99]);
    expect(selectCurves(trials, { direction: "minimize", maxCurves: 500, maxPoints: 50 }).curves).toHaveLength(151);
  });
});

describe("stepBands", () => {
  it("gives the quantiles of every trial's value at each step", () => {
    const bands = stepBands(
      [0, 1, 2, 3, 4].map((n) => ({ number: n, state: "COMPLETE", value: n, points: [[1, n] as const] })),
      10,
    );
    expect(bands).toEqual([{ step: 1, count: 5, min: 0, q25: 1, median: 2, q75: 3, max: 4 }]);
  });

  it("keeps an even subset of the steps when there are too many", () => {
    const bands = stepBands([curve(0, "COMPLETE", 0, 1000)], 11);
    expect(bands.map((b) => b.step)).toEqual([1, 101, 201, 301, 401, 501, 600, 700, 800, 900, 1000]);
  });
});
