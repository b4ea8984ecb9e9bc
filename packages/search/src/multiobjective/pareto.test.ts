import { describe, expect, it } from "vitest";
import { hypervolume } from "./hypervolume.js";
import { crowdingDistance, dominates, nondominatedSort, paretoFront, rankByDominance } from "./pareto.js";

const points = [
  [1, 5],
  [2, 3],
  [3, 4],
  [4, 1],
  [5, 5],
  [2, 3],
];

describe("Pareto dominance", () => {
  it("finds the non-dominated points, duplicates kept", () => {
    expect(dominates([1, 1], [1, 2])).toBe(true);
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(paretoFront(points)).toEqual([0, 1, 3, 5]);
  });

  it("sorts into fronts and ranks by front then crowding", () => {
    expect(nondominatedSort(points)).toEqual([[0, 1, 3, 5], [2], [4]]);
    const crowd = crowdingDistance(points, [0, 1, 3]);
    expect(crowd.get(0)).toBe(Infinity);
    expect(crowd.get(3)).toBe(Infinity);
    // Middle point: (4 - 1)/(4 - 1) + (5 - 1)/(5 - 1) = 2.
    expect(crowd.get(1)).toBeCloseTo(2);
    expect(rankByDominance(points).slice(-2)).toEqual([2, 4]);
  });
});

describe("hypervolume", () => {
  it("is the area of the staircase in 2-D", () => {
    // (6-1)(6-5) + (6-2)(5-3) + (6-4)(3-1) = 5 + 8 + 4.
    expect(hypervolume(points, [6, 6])).toBeCloseTo(17);
  });

  it("ignores points outside the reference box and handles 1-D and 3-D", () => {
    expect(
      hypervolume(
        [
          [7, 0],
          [1, 1],
        ],
        [6, 6],
      ),
    ).toBeCloseTo(25);
    expect(hypervolume([[3], [1]], [4])).toBeCloseTo(3);
    expect(hypervolume([[1, 1, 1]], [2, 2, 2])).toBeCloseTo(1);
    // Two boxes 2x2x1 and 1x1x2 overlapping in a unit cube: 4 + 2 - 1.
    expect(
      hypervolume(
        [
          [0, 0, 1],
          [1, 1, 0],
        ],
        [2, 2, 2],
      ),
    ).toBeCloseTo(5);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  it("agrees with a Monte Carlo estimate on a random 3-D front", () => {
    const pts = Array.from({ length: 12 }, (_, i) => [
      ((i * 7) % 12) / 12,
      ((i * 5) % 12) / 12,
      1 - ((i * 7) % 12) / 24 - ((i * 5) % 12) / 24,
    ]);
    let inside = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) {
      const q = [((k * 0.754877666) % 1) * 1.2, ((k * 0.569840291) % 1) * 1.2, ((k * 0.362887) % 1) * 1.2];
      if (pts.some((p) => p.every((v, i) => v <= q[i]!))) inside++;
    }
    expect(hypervolume(pts, [1.2, 1.2, 1.2])).toBeCloseTo((inside / n) * 1.2 ** 3, 1);
  });
});
