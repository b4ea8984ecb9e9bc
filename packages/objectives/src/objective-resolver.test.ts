import { createRng, type Params } from "@rectune/search";
import { evaluate, prepareTrialData } from "@rectune/recsys";
import { parseStudySpec } from "@rectune/spec";
import { syntheticRecommenderStudy } from "@rectune/spec/testing";
import { loadTensorflow } from "@rectune/tfjs-backend";
import { describe, expect, it } from "vitest";
import { createObjectiveResolver } from "./objective-resolver.js";

const spec = parseStudySpec(
  syntheticRecommenderStudy({
    name: "mf",
    model: "mf",
    synthetic: { users: 120, items: 150, interactionsPerUser: 25, factors: 4, seed: 3 },
    fixed: { epochs: 2 },
    space: { lr: { type: "float", low: 0.001, high: 0.1, log: true } },
    strategy: { maxTrials: 1 },
  }),
);

describe("the recommender objective", () => {
  it("trains MF for 2 epochs on synthetic data and beats a random ranking on validation NDCG@10", async () => {
    const { tf } = await loadTensorflow();
    const objective = createObjectiveResolver({ tf, cacheDir: "", dataRoots: [] })(spec.target);
    const reports: [number, Record<string, number>][] = [];
    const params: Params = { lr: 0.05 };
    const before = tf.memory().numTensors;
    const result = await objective.run({
      params,
      spec,
      trialNumber: 0,
      signal: new AbortController().signal,
      start: null,
      saveCheckpoint: async () => {},
      report: async (step, metrics) => {
        reports.push([step, { ...metrics }]);
        return "continue";
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.map(([step]) => step)).toEqual([1, 2]);
    expect(result.metrics.epochs).toBe(2);

    // The same validation split, ranked at random (seeded).
    if (spec.target.kind !== "recommender") throw new Error("unreachable");
    const data = await prepareTrialData(spec.target);
    const rng = createRng(11);
    const random = await evaluate({
      score: (users) => Float32Array.from({ length: users.length * data.split.numItems }, () => rng.next()),
      numItems: data.split.numItems,
      targets: data.split.valid,
      masks: [data.split.train],
      cutoffs: [10],
      itemUsers: data.itemUsers,
      numTrainUsers: data.split.numUsers,
      itemFeatures: null,
    });
    const ndcg = result.metrics["ndcg@10"] ?? 0;
    expect(ndcg).toBeGreaterThan(1.5 * (random["ndcg@10"] ?? 1));
    expect(result.metrics["test/ndcg@10"]).toBeGreaterThan(0);
  });
});
