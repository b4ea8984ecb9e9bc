import { createRng, paretoFront } from "@rectune/search";
import { describe, expect, it } from "vitest";
import { paretoIndices } from "./pareto.js";

describe("paretoIndices", () => {
  it("finds the non-dominated points, duplicates of a front point included, as the pairwise definition does", () => {
    const points = [
      [1, 5],
      [2, 2],
      [5, 1],
      [3, 3],
      [2, 2],
      [6, 6],
    ];
    expect(paretoIndices(points)).toEqual([0, 1, 2, 4]);
    const rng = createRng(3);
    const cloud = Array.from({ length: 500 }, () => [rng.next(), rng.next(), rng.next()]);
    expect(paretoIndices(cloud)).toEqual(paretoFront(cloud));
  });
});
