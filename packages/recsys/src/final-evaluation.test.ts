import { recommenderTargetSchema } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { prepareTrialData } from "./data/prepared-data.js";
import { loadRefitModel, runFinalEvaluation } from "./final-evaluation.js";
import { score } from "./trial.js";
import { trainPlusValid } from "./split/merge.js";
import { listOf } from "./split/user-lists.js";
import { cpuTf } from "./test-tf.js";

const target = recommenderTargetSchema.parse({
  kind: "recommender",
  model: "mf",
  dataset: { synthetic: { users: 30, items: 40, interactionsPerUser: 12, seed: 6 } },
  fixed: { batchSize: 512, lr: 0.05, dim: 8 },
  cutoffs: [5],
});

describe("runFinalEvaluation", () => {
  it("joins training and validation lists per user in time order", async () => {
    const { dataset, split } = await prepareTrialData(target);
    const joined = trainPlusValid(dataset, split);
    const time = new Map<string, number>();
    dataset.users.forEach((u, r) => time.set(`${u}:${dataset.items[r]}`, dataset.timestamps[r]!));
    for (let u = 0; u < split.numUsers; u++) {
      const items = Array.from(listOf(joined, u));
      expect([...items].sort((a, b) => a - b)).toEqual(
        [...listOf(split.train, u), ...listOf(split.valid, u)].sort((a, b) => a - b),
      );
      const times = items.map((i) => time.get(`${u}:${i}`)!);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it("refits the selected configuration on training + validation and scores test, freeing its tensors", async () => {
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const refit = await runFinalEvaluation({ tf, target, params: { loss: "bpr" }, epochs: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(refit.testMetrics["ndcg@5"]).toBeGreaterThan(0);
    expect(refit.testMetrics.loss).toBeUndefined();
    expect(refit.epochs).toBe(2);
    expect(refit.weights?.byteLength).toBeGreaterThan(0);
    const ease = await runFinalEvaluation({
      tf,
      target: { ...target, model: "ease", fixed: {} },
      params: { lambda: 5 },
    });
    expect(ease.testMetrics["recall@5"]).toBeGreaterThan(0);
    expect(ease.weights).toBeNull();
  });

  it("serves what it refitted: the saved weights (MF) or a deterministic refit (EASE) score as the refit did", async () => {
    const tf = await cpuTf();
    const families = { ...target, model: ["ease", "mf"] as ("ease" | "mf")[] };
    const configurations: Record<string, string | number>[] = [
      { model: "mf", loss: "bpr" },
      { model: "ease", lambda: 5 },
    ];
    for (const params of configurations) {
      const refit = await runFinalEvaluation({ tf, target: families, params, epochs: 2 });
      const { model, data } = await loadRefitModel({ tf, target: families, params, epochs: 2, weights: refit.weights });
      const again = await score(model, data, families.cutoffs, "test", async () => {});
      model.dispose();
      expect(again["ndcg@5"]).toBeCloseTo(refit.testMetrics["ndcg@5"]!, 6);
    }
  });
});
