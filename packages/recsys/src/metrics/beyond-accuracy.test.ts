import { describe, expect, it } from "vitest";
import { coverage, gini, intraListDiversity, novelty } from "./beyond-accuracy.js";

describe("beyond-accuracy metrics", () => {
  it("coverage is the share of items recommended at least once", () => {
    expect(coverage(Int32Array.from([0, 2, 0, 1]))).toBe(0.5);
  });

  it("gini is 0 for equal exposure and grows with concentration", () => {
    expect(gini(Int32Array.from([2, 2, 2, 2]))).toBe(0);
    // sorted [0,0,1,3]: Σ(2i−n−1)c = 1·1 + 3·3 = 10, over n·Σc = 16.
    expect(gini(Int32Array.from([3, 0, 1, 0]))).toBe(10 / 16);
    expect(gini(Int32Array.from([0, 0]))).toBe(0);
  });

  it("novelty is the mean self-information of the items' training popularity", () => {
    const itemUsers = Int32Array.from([2, 1, 0]);
    expect(novelty([0, 1], itemUsers, 4)).toBeCloseTo((1 + 2) / 2, 12);
    // An item no training user chose counts as chosen once.
    expect(novelty([2], itemUsers, 4)).toBeCloseTo(2, 12);
  });

  it("diversity is the mean pairwise Jaccard distance of genre sets", () => {
    // Items: 0 {a, b}, 1 {b}, 2 {} ; pairs (0,1) 0.5, (0,2) 1, (1,2) 1.
    const features = { names: ["a", "b"], offsets: Int32Array.from([0, 2, 3, 3]), indices: Int32Array.from([0, 1, 1]) };
    expect(intraListDiversity([0, 1], features)).toBe(0.5);
    expect(intraListDiversity([0, 1, 2], features)).toBeCloseTo(2.5 / 3, 12);
    expect(intraListDiversity([2], features)).toBe(0);
  });
});
