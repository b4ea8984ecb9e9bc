import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";

const csr = (perUser: number[][]) => ({
  offsets: Int32Array.from(perUser.reduce<number[]>((acc, l) => [...acc, acc[acc.length - 1]! + l.length], [0])),
  items: Int32Array.from(perUser.flat()),
});

describe("evaluate", () => {
  it("averages over users with held-out items only, masking their training items", async () => {
    const row = [0.5, 0.9, 0.5, 0.1];
    const metrics = await evaluate({
      score: (users) => Float32Array.from(Array.from(users).flatMap(() => row)),
      numItems: 4,
      targets: csr([[2], [], [0, 3]]),
      masks: [csr([[1], [0], [1]])],
      cutoffs: [2],
      itemUsers: Int32Array.from([2, 3, 1, 1]),
      numTrainUsers: 3,
      itemFeatures: null,
    });
    // User 0: top-2 [0, 2], hit at rank 2. User 2: top-2 [0, 2], hit at rank 1 of 2 relevant. User 1: not scored.
    const ndcg0 = 1 / Math.log2(3);
    const ndcg2 = 1 / (1 + 1 / Math.log2(3));
    expect(metrics["ndcg@2"]).toBeCloseTo((ndcg0 + ndcg2) / 2, 12);
    expect(metrics["recall@2"]).toBe((1 + 0.5) / 2);
    expect(metrics["precision@2"]).toBe(0.5);
    expect(metrics["hr@2"]).toBe(1);
    expect(metrics["map@2"]).toBe((0.5 + 0.5) / 2);
    expect(metrics.mrr).toBe((0.5 + 1) / 2);
    expect(metrics["coverage@2"]).toBe(0.5);
    expect(metrics["gini@2"]).toBe(0.5);
    expect(metrics["diversity@2"]).toBeUndefined();
    // Items 0 and 2 chosen by 2 and 1 of 3 users.
    expect(metrics["novelty@2"]).toBeCloseTo((-Math.log2(2 / 3) - Math.log2(1 / 3)) / 2, 12);
  });

  it("computes only the metrics asked for, with the values a full evaluation gives them", async () => {
    const input = {
      score: (users: Int32Array) =>
        Float32Array.from(Array.from(users).flatMap((u) => [0.5 - 0.1 * u, 0.9, 0.2 * u, 0.1])),
      numItems: 4,
      targets: csr([[2], [3], [0, 3]]),
      masks: [csr([[1], [0], [1]])],
      cutoffs: [2, 3],
      itemUsers: Int32Array.from([2, 3, 1, 1]),
      numTrainUsers: 3,
      itemFeatures: null,
    };
    const all = await evaluate(input);
    const some = await evaluate({ ...input, metrics: ["ndcg@3", "mrr", "coverage@2"] });
    expect(some).toEqual({ "ndcg@3": all["ndcg@3"], mrr: all.mrr, "coverage@2": all["coverage@2"] });
    expect(Object.keys(all)).toEqual(expect.arrayContaining(["auc", "recall@2", "novelty@3", "gini@3"]));
  });
});
