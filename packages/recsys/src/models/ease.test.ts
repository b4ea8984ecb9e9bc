import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../data/synthetic.js";
import { prepareDataset } from "../data/prepare.js";
import { splitDataset } from "../split/split.js";
import { dualScores, primalScores } from "./ease.js";

describe("EASE", () => {
  it("scores the same through the item-space inverse and the user-space (Woodbury) inverse", () => {
    const data = prepareDataset({
      ...generateSynthetic({
        users: 30,
        items: 25,
        interactionsPerUser: 8,
        factors: 3,
        genres: 4,
        popularitySkew: 1,
        seed: 5,
      }),
      preprocess: { kCore: 0 },
    });
    const { train, numUsers, numItems } = splitDataset(data, { method: "random", valid: 0.1, test: 0.1 }, 0);
    const primal = primalScores(train, numUsers, numItems, 7);
    const dual = dualScores(train, numUsers, numItems, 7);
    for (let u = 0; u < numUsers; u++) {
      const a = primal(u);
      const b = dual(u);
      for (let j = 0; j < numItems; j++) expect(b[j]).toBeCloseTo(a[j]!, 4);
    }
  });

  it("gives one item's weights for a single co-occurrence by hand: B_01 = 1/(1+λ) when both items have one user", () => {
    // One user with items 0 and 1: G = [[1+λ, 1], [1, 1+λ]]; B_01 = −P_01/P_11 = 1/(1+λ).
    const train = { offsets: Int32Array.from([0, 2]), items: Int32Array.from([0, 1]) };
    const scores = primalScores(train, 1, 2, 3)(0);
    expect(scores[0]).toBeCloseTo(0.25, 6);
    expect(scores[1]).toBeCloseTo(0.25, 6);
    expect(dualScores(train, 1, 2, 3)(0)[1]).toBeCloseTo(0.25, 6);
  });
});
