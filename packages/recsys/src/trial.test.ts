import { isMetricName, recommenderTargetSchema } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { hyperparameterNames } from "./models/registry.js";
import { cpuTf } from "./test-tf.js";
import { runRecommenderTrial } from "./trial.js";

const target = recommenderTargetSchema.parse({
  kind: "recommender",
  model: "mf",
  dataset: { synthetic: { users: 50, items: 80, interactionsPerUser: 15, seed: 1 } },
  fixed: { epochs: 3, batchSize: 256, lr: 0.02, dim: 8 },
});

describe("runRecommenderTrial", () => {
  it("trains, reports every validation metric per epoch, scores test, and leaks no tensors", async () => {
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const epochs: Array<[number, Record<string, number>]> = [];
    const result = await runRecommenderTrial({
      tf,
      target,
      params: { loss: "bce" },
      onEpoch: async (epoch, metrics) => {
        epochs.push([epoch, metrics]);
        return "continue";
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(epochs.map(([e]) => e)).toEqual([1, 2, 3]);
    const last = epochs[2]![1];
    expect(Object.keys(last).sort()).toEqual(
      [
        "auc",
        "loss",
        "mrr",
        ...["coverage", "diversity", "gini", "hr", "map", "ndcg", "novelty", "precision", "recall"].flatMap((m) => [
          `${m}@10`,
          `${m}@20`,
        ]),
      ].sort(),
    );
    expect(Object.keys(last).every(isMetricName)).toBe(true);
    expect(epochs[2]![1].loss).toBeLessThan(epochs[0]![1].loss!);
    expect(result.epochs).toBe(3);
    expect(result.metrics).toEqual(last);
    expect(result.testMetrics["ndcg@10"]).toBeGreaterThan(0);
    expect(result.testMetrics.loss).toBeUndefined();
  });

  it("stops when onEpoch says so; an abandoned run (pruned: no one reads its result) scores nothing more", async () => {
    const tf = await cpuTf();
    const result = await runRecommenderTrial({ tf, target, params: {}, onEpoch: async () => "stop" });
    expect(result.epochs).toBe(1);
    expect(result.testMetrics["ndcg@10"]).toBeGreaterThan(0);
    const before = tf.memory().numTensors;
    const reported: Record<string, number>[] = [];
    const abandoned = await runRecommenderTrial({
      tf,
      target,
      params: {},
      epochMetrics: ["ndcg@10"],
      onEpoch: async (_epoch, metrics) => (reported.push(metrics), "abandon"),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(abandoned).toEqual({ metrics: reported[0], testMetrics: {}, epochs: 1, bestEpoch: 1 });
  });

  it("rejects unknown hyperparameters, naming the known ones", async () => {
    const tf = await cpuTf();
    await expect(
      runRecommenderTrial({ tf, target, params: { learning_rate: 0.1 }, onEpoch: async () => "continue" }),
    ).rejects.toThrow(/learning_rate.*known hyperparameters: optimizer, lr, l2/);
    expect(hyperparameterNames("itemknn")).toEqual(["k", "shrink"]);
  });

  it("ends with the abort reason when the signal fires, disposing the model", async () => {
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = runRecommenderTrial({
      tf,
      target,
      params: {},
      signal: controller.signal,
      onEpoch: async () => {
        controller.abort(new Error("trial cancelled"));
        return "continue";
      },
    });
    await expect(run).rejects.toThrow("trial cancelled");
    expect(tf.memory().numTensors).toBe(before);
  });
});
