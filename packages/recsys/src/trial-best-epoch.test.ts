import { recommenderTargetSchema } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { cpuTf } from "./test-tf.js";
import { runRecommenderTrial, type RecommenderTrialResult, type TrainingCheckpoint } from "./trial.js";

const target = (report: "best" | "epoch", epochs = 4) =>
  recommenderTargetSchema.parse({
    kind: "recommender",
    model: "mf",
    dataset: { synthetic: { users: 50, items: 80, interactionsPerUser: 15, seed: 1 } },
    fixed: { epochs, batchSize: 256, lr: 0.02, dim: 8, loss: "bce" },
    report,
  });

async function run(
  report: "best" | "epoch",
  monitor: { metric: string; direction: "minimize" | "maximize" },
  epochs = 4,
  start?: TrainingCheckpoint,
  epochMetrics?: readonly string[],
) {
  const tf = await cpuTf();
  const reported: Record<string, number>[] = [];
  const checkpoints = new Map<number, Uint8Array>();
  const result: RecommenderTrialResult = await runRecommenderTrial({
    tf,
    target: target(report, epochs),
    params: {},
    monitor,
    start: start ?? null,
    saveCheckpoint: async (epoch, data) => void checkpoints.set(epoch, data),
    onEpoch: async (_epoch, metrics) => (reported.push(metrics), "continue"),
    ...(epochMetrics ? { epochMetrics } : {}),
  });
  return { reported, result, checkpoints };
}

describe("runRecommenderTrial reporting the best epoch", () => {
  // Training loss falls epoch after epoch, so "maximize loss" makes the first epoch the best one and every
  // later report must repeat it: a monitor whose best epoch is known without trusting the model to overfit.
  it("reports the best epoch so far, and scores the test split with that epoch's model", async () => {
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const monitor = { metric: "loss", direction: "maximize" } as const;
    const raw = await run("epoch", monitor);
    const best = await run("best", monitor);
    expect(tf.memory().numTensors).toBe(before);
    const losses = raw.reported.map((m) => m.loss!);
    expect(losses[3]).toBeLessThan(losses[0]!);
    // Each report is the raw epoch with the highest loss up to then.
    best.reported.forEach((m, i) => {
      const upTo = losses.slice(0, i + 1);
      expect(m).toEqual(raw.reported[upTo.indexOf(Math.max(...upTo))]);
    });
    const bestEpoch = losses.indexOf(Math.max(...losses)) + 1;
    expect(bestEpoch).toBeLessThan(4);
    expect(best.result).toMatchObject({ epochs: 4, bestEpoch, metrics: raw.reported[bestEpoch - 1] });
    expect(raw.result).toMatchObject({ epochs: 4, bestEpoch: 4, metrics: raw.reported[3] });
    // Training is seeded per epoch, so a trial that stops at the best epoch holds the same model.
    const short = await run("epoch", monitor, bestEpoch);
    expect(best.result.testMetrics).toEqual(short.result.testMetrics);
    expect(best.result.testMetrics).not.toEqual(raw.result.testMetrics);

    // A retried attempt resumed after epoch 3 carries the best epoch (an earlier one) in its checkpoint:
    // it reports and tests as the run that never stopped.
    const resumed = await run("best", monitor, 4, { step: 3, data: best.checkpoints.get(3)! });
    expect(resumed.reported).toEqual(best.reported.slice(3));
    expect(resumed.result).toEqual(best.result);
  });

  it("never reports a worse value than before on the study's metric", async () => {
    const { reported, result } = await run("best", { metric: "ndcg@10", direction: "maximize" });
    const values = reported.map((m) => m["ndcg@10"]!);
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThanOrEqual(values[i]!));
    expect(result.metrics["ndcg@10"]).toBe(values[3]);
  });

  it("scores each epoch on the metrics asked for only, and the reported epoch on every one", async () => {
    const monitor = { metric: "loss", direction: "maximize" } as const;
    const full = await run("best", monitor);
    const lean = await run("best", monitor, 4, undefined, ["ndcg@10"]);
    expect(lean.reported.map((m) => Object.keys(m).sort())).toEqual(full.reported.map(() => ["loss", "ndcg@10"]));
    lean.reported.forEach((m, i) =>
      expect(m).toEqual({ loss: full.reported[i]!.loss, "ndcg@10": full.reported[i]!["ndcg@10"] }),
    );
    // The result (the best epoch, an earlier one here, rebuilt from its state) holds every metric.
    expect(full.result.bestEpoch).toBeLessThan(4);
    expect(Object.keys(full.result.metrics)).toContain("mrr");
    expect(lean.result).toEqual(full.result);
    // The last epoch the best one: the model as it stands is scored in full.
    const last = { metric: "loss", direction: "minimize" } as const;
    expect((await run("best", last, 4, undefined, ["ndcg@10"])).result).toEqual((await run("best", last)).result);
  });
});
