import { recommenderTargetSchema } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { prepareTrialData } from "./data/prepared-data.js";
import { createModel } from "./models/registry.js";
import { createRng } from "@rectune/search";
import { cpuTf } from "./test-tf.js";
import { runRecommenderTrial, type TrainingCheckpoint } from "./trial.js";
import { decodeCheckpoint } from "./trial-checkpoint-format.js";

const target = (model: "mf" | "neumf", fixed: Record<string, string | number>) =>
  recommenderTargetSchema.parse({
    kind: "recommender",
    model,
    dataset: { synthetic: { users: 50, items: 80, interactionsPerUser: 15, seed: 4 } },
    cutoffs: [10],
    fixed: { epochs: 4, batchSize: 256, lr: 0.02, dim: 8, ...fixed },
  });

/**
 * Equal to float32 rounding: on restore, tfjs's Adam recomputes its bias corrections β^t from the step
 * count where the uninterrupted run multiplied them up step by step, so the updates differ in the last
 * bits (a loss differs around 1e-7); everything else — streams, weights, slots — is the same.
 */
function expectSameMetrics(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) expect(actual[k], k).toBeCloseTo(v, 5);
}

/** Runs a trial, keeping every report and checkpoint; `stopAfter` ends it there as a killed worker would. */
async function run(
  t: ReturnType<typeof target>,
  opts: { start?: TrainingCheckpoint; stopAfter?: number; params?: Record<string, number> } = {},
) {
  const tf = await cpuTf();
  const reports: [number, number][] = [];
  const checkpoints = new Map<number, Uint8Array>();
  const result = await runRecommenderTrial({
    tf,
    target: t,
    params: opts.params ?? {},
    start: opts.start ?? null,
    saveCheckpoint: async (epoch, data) => {
      checkpoints.set(epoch, data);
    },
    onEpoch: async (epoch, metrics) => {
      reports.push([epoch, metrics["ndcg@10"]!]);
      return epoch === opts.stopAfter ? "stop" : "continue";
    },
  });
  return { reports, checkpoints, result };
}

describe("recommender checkpoints", () => {
  it.each([
    ["mf", {}],
    ["neumf", { layers: "8-4", dropout: 0.2 }],
  ] as const)(
    "%s resumed from its epoch-2 checkpoint trains epochs 3-4 exactly as the run that never stopped (weights, Adam slots, seeded streams)",
    async (model, fixed) => {
      const tf = await cpuTf();
      const t = target(model, fixed);
      const before = tf.memory().numTensors;
      const whole = await run(t);
      const killed = await run(t, { stopAfter: 2 });
      expect([...killed.checkpoints.keys()]).toEqual([1, 2]);
      const resumed = await run(t, { start: { step: 2, data: killed.checkpoints.get(2)! } });
      // Only the epochs after the checkpoint are reported again: nothing is counted twice.
      expect(resumed.reports.map(([e]) => e)).toEqual([3, 4]);
      resumed.reports.forEach(([, v], i) => expect(v).toBeCloseTo(whole.reports[i + 2]![1], 5));
      expectSameMetrics(resumed.result.metrics, whole.result.metrics);
      expect(resumed.result.epochs).toBe(4);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("a model loaded from another trial's checkpoint under new hyperparameters scores exactly as the source", async () => {
    const tf = await cpuTf();
    const t = target("mf", {});
    const source = await run(t, { stopAfter: 2 });
    const data = await prepareTrialData(t);
    const users = Int32Array.from({ length: data.split.numUsers }, (_, u) => u);
    const build = (lr: number) => createModel(tf, "mf", data, { ...t.fixed, lr }, createRng(1));
    const original = build(0.02);
    const copy = build(0.005);
    try {
      await original.state!.restore(decodeCheckpoint(source.checkpoints.get(2)!).state);
      await copy.state!.restore(decodeCheckpoint(source.checkpoints.get(2)!).state);
      const scores = copy.score(users);
      expect(scores).toEqual(original.score(users));
      // And not the scores of a fresh model: the weights really were replaced.
      const fresh = build(0.02);
      expect(fresh.score(users)).not.toEqual(scores);
      fresh.dispose();
    } finally {
      original.dispose();
      copy.dispose();
    }
  });

  it("PBT exploit inside a run: training goes on from the copied state with the new learning rate", async () => {
    const t = target("mf", {});
    const source = await run(t, { stopAfter: 2 });
    const tf = await cpuTf();
    const reports: number[] = [];
    const exploited = await runRecommenderTrial({
      tf,
      target: t,
      params: { lr: 0.001 },
      onEpoch: async (epoch) => {
        reports.push(epoch);
        return epoch === 1
          ? { action: "exploit", params: { lr: 0.02 }, checkpoint: { step: 2, data: source.checkpoints.get(2)! } }
          : "continue";
      },
    });
    // Epoch 1 of its own, then epochs 3-4 continuing the source (lr 0.02): the source's own run from there.
    expect(reports).toEqual([1, 3, 4]);
    const sourceWhole = await run(t);
    expectSameMetrics(exploited.metrics, sourceWhole.result.metrics);

    // Exploiting at the last epoch: nothing is trained after the copy, and the result is the copy's score.
    const atEnd = await runRecommenderTrial({
      tf,
      target: t,
      params: { lr: 0.001 },
      onEpoch: async (epoch) =>
        epoch === 4
          ? { action: "exploit", params: { lr: 0.02 }, checkpoint: { step: 4, data: sourceWhole.checkpoints.get(4)! } }
          : "continue",
    });
    expect(atEnd.epochs).toBe(4);
    expect(atEnd.metrics["ndcg@10"]).toBeCloseTo(sourceWhole.result.metrics["ndcg@10"]!, 5);
    expect(atEnd.metrics.loss).toBeUndefined();
  });

  it("refuses a checkpoint of another architecture, naming the shapes", async () => {
    const tf = await cpuTf();
    const small = await run(target("mf", { epochs: 1 }));
    const data = await prepareTrialData(target("mf", {}));
    const wide = createModel(tf, "mf", data, { ...target("mf", {}).fixed, dim: 16 }, createRng(1));
    try {
      await expect(wide.state!.restore(decodeCheckpoint(small.checkpoints.get(1)!).state)).rejects.toThrow(
        /cannot change the architecture/,
      );
    } finally {
      wide.dispose();
    }
  });
});
