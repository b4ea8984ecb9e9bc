import { createRng } from "@rectune/search";
import { recommenderTargetSchema, RECOMMENDER_MODELS } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { prepareTrialData } from "../data/prepared-data.js";
import { evaluate } from "../metrics/evaluate.js";
import { cpuTf } from "../test-tf.js";
import { runRecommenderTrial } from "../trial.js";
import { hyperparameterNames } from "./registry.js";

const dataset = { synthetic: { users: 50, items: 80, interactionsPerUser: 15, seed: 2 } };
// Few, large batches: tfjs's pure-JS backend spends most of a step in per-op overhead.
const training = { epochs: 2, batchSize: 512, lr: 0.05, dim: 8, negatives: 2 };
const FIXED: Record<(typeof RECOMMENDER_MODELS)[number], Record<string, string | number>> = {
  pop: {},
  itemknn: { k: 20 },
  ease: { lambda: 10 },
  mf: { ...training, loss: "bce" },
  gmf: training,
  mlp: { ...training, layers: "16-8" },
  neumf: { ...training, layers: "16-8" },
  content: { ...training, layers: "8" },
  deepfm: { ...training, layers: "16-8" },
  gru4rec: { epochs: 2, batchSize: 128, lr: 0.03, dim: 8, maxLength: 5 },
};

/** Validation NDCG@10 of random scores, averaged over seeds: the bar every model must clear. */
async function randomNdcg(): Promise<number> {
  const target = recommenderTargetSchema.parse({ kind: "recommender", model: "pop", dataset });
  const { split, itemUsers, dataset: d } = await prepareTrialData(target);
  let sum = 0;
  for (let seed = 0; seed < 5; seed++) {
    const rng = createRng(seed);
    const metrics = await evaluate({
      score: (users) => Float32Array.from({ length: users.length * split.numItems }, () => rng.next()),
      numItems: split.numItems,
      targets: split.valid,
      masks: [split.train],
      cutoffs: [10],
      itemUsers,
      numTrainUsers: split.numUsers,
      itemFeatures: d.itemFeatures,
    });
    sum += metrics["ndcg@10"]!;
  }
  return sum / 5;
}

// Generous timeouts: a loaded 2-core CI machine runs tfjs's cpu backend several times slower.
describe("every model on synthetic data", { timeout: 120_000 }, () => {
  for (const model of RECOMMENDER_MODELS) {
    it(`${model}: trains with falling loss, beats random validation NDCG@10, frees its tensors`, async () => {
      const tf = await cpuTf();
      const before = tf.memory().numTensors;
      const target = recommenderTargetSchema.parse({
        kind: "recommender",
        model,
        dataset,
        fixed: FIXED[model],
        cutoffs: [10],
      });
      const seen: Array<Record<string, number>> = [];
      const result = await runRecommenderTrial({
        tf,
        target,
        params: {},
        onEpoch: async (_epoch, metrics) => (seen.push(metrics), "continue"),
      });
      expect(tf.memory().numTensors).toBe(before);
      const closedForm = ["pop", "itemknn", "ease"].includes(model);
      expect(result.epochs).toBe(closedForm ? 1 : 2);
      if (!closedForm) expect(seen[1]!.loss).toBeLessThan(seen[0]!.loss!);
      expect(result.metrics["ndcg@10"]).toBeGreaterThan(await randomNdcg());
      expect(result.testMetrics["ndcg@10"]).toBeGreaterThan(0);
    });
  }

  /** MF trained with `fixed` for its two epochs: the loss falls and the ranking beats a random one. */
  const mfLearns = async (fixed: Record<string, unknown>) => {
    const tf = await cpuTf();
    const target = recommenderTargetSchema.parse({ kind: "recommender", model: "mf", dataset, fixed, cutoffs: [10] });
    const seen: number[] = [];
    const result = await runRecommenderTrial({
      tf,
      target,
      params: {},
      onEpoch: async (_e, m) => (seen.push(m.loss!), "continue"),
    });
    expect(seen[1]).toBeLessThan(seen[0]!);
    expect(result.metrics["ndcg@10"]).toBeGreaterThan(await randomNdcg());
  };

  it("mf trains with the BPR loss as well", async () => {
    await mfLearns({ ...FIXED.mf, loss: "bpr" });
  });

  it("mf trains with BPR and hard negatives (negativeCandidates) too", async () => {
    await mfLearns({ ...FIXED.mf, loss: "bpr", negativeCandidates: 5 });
  });

  it("declares the common hyperparameters on every gradient-trained model", () => {
    for (const model of ["mf", "gmf", "mlp", "neumf", "content", "deepfm"] as const) {
      expect(hyperparameterNames(model)).toEqual(
        expect.arrayContaining([
          "optimizer",
          "lr",
          "l2",
          "dim",
          "negatives",
          "negativeCandidates",
          "batchSize",
          "epochs",
          "loss",
        ]),
      );
    }
    expect(hyperparameterNames("neumf")).toEqual(expect.arrayContaining(["layers", "dropout"]));
    expect(hyperparameterNames("gru4rec")).toEqual(
      expect.arrayContaining(["optimizer", "lr", "l2", "dim", "dropout", "maxLength"]),
    );
  });
});
