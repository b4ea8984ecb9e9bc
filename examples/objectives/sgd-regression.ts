/**
 * An objective module, as an operator installs one on workers:
 *
 *   RECTUNE_OBJECTIVES=./examples/objectives/sgd-regression.ts npx tsx apps/worker/src/main.ts
 *
 * and a study runs it with `target: { kind: module, name: sgd-regression }`. It fits y = 3x - 2 (plus
 * noise) by stochastic gradient descent, reports the mean squared error on held-out validation points after
 * every epoch (the pruner may stop it), and saves its weights after each one, so a retried attempt resumes
 * where the last reported epoch left off instead of starting over. It runs in a trial thread of the worker,
 * so however long an epoch computes, the worker keeps its lease.
 *
 * Its `refit` is the champion's: once the study's budget is spent, the best configuration is trained again
 * on training + validation points for its best epoch count and scored once on test points it never saw.
 */
import { defineObjective } from "@rectune/objective-sdk";
import { z } from "zod";

/** A seeded stream (mulberry32): every attempt of a trial sees the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Points {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

/** `n` noisy points of y = 3x - 2; the training, validation and test points are three seeds. */
function points(seed: number, n: number): Points {
  const next = random(seed);
  const xs = Array.from({ length: n }, () => next() * 2 - 1);
  return { xs, ys: xs.map((x) => 3 * x - 2 + (next() - 0.5) * 0.1) };
}
const TRAIN = points(7, 256);
const VALID = points(8, 64);
const TEST = points(9, 64);
/** What the refit's test metrics were scored on: champions with the same fingerprint are compared. */
const DATASET = "sgd-regression: y = 3x - 2, seeds 7/8/9";

type Weights = [w: number, b: number];

const mse = ([w, b]: Weights, { xs, ys }: Points): number =>
  xs.reduce((s, x, i) => s + (w * x + b - ys[i]!) ** 2, 0) / xs.length;

/** One epoch of SGD over `data`, in place. */
function epoch(weights: Weights, lr: number, { xs, ys }: Points): void {
  for (let i = 0; i < xs.length; i++) {
    const error = weights[0] * xs[i]! + weights[1] - ys[i]!;
    weights[0] -= lr * error * xs[i]!;
    weights[1] -= lr * error;
  }
}

const save = (weights: Weights): Uint8Array => new Uint8Array(new Float64Array(weights).buffer);
const load = (data: Uint8Array): Weights => {
  const [w = 0, b = 0] = new Float64Array(data.slice().buffer);
  return [w, b];
};

export default defineObjective({
  name: "sgd-regression",
  params: z.object({
    lr: z.number().positive().max(1),
    epochs: z.number().int().min(1).max(1000).default(8),
  }),
  async run(trial) {
    const { lr, epochs } = trial.params;
    // `config.epochMs` slows each epoch down (to watch a trial, or to test what a lost worker does).
    const epochMs = typeof trial.config.epochMs === "number" ? trial.config.epochMs : 0;
    // Resume from an earlier attempt's weights: [w, b] as float64.
    const start = trial.checkpoint.load();
    const weights: Weights = start ? load(start.data) : [0, 0];
    let best = { epoch: start?.step ?? 0, mse: start ? mse(weights, VALID) : Number.POSITIVE_INFINITY };
    for (let step = (start?.step ?? 0) + 1; step <= epochs; step++) {
      trial.signal.throwIfAborted();
      epoch(weights, lr, TRAIN);
      if (epochMs > 0) await new Promise((r) => setTimeout(r, epochMs));
      const loss = mse(weights, VALID);
      if (loss < best.mse) best = { epoch: step, mse: loss };
      await trial.checkpoint.save(step, save(weights));
      if ((await trial.report(step, { mse: loss })).prune) break;
    }
    // `bestEpoch` is what the champion's refit gets as `bestStep`.
    return { mse: mse(weights, VALID), w: weights[0], b: weights[1], bestEpoch: best.epoch };
  },
  async refit(champion) {
    const both = { xs: [...TRAIN.xs, ...VALID.xs], ys: [...TRAIN.ys, ...VALID.ys] };
    const steps = champion.bestStep ?? champion.params.epochs;
    const weights: Weights = [0, 0];
    for (let step = 1; step <= steps; step++) {
      champion.signal.throwIfAborted();
      epoch(weights, champion.params.lr, both);
    }
    return { testMetrics: { mse: mse(weights, TEST) }, steps, weights: save(weights), dataset: DATASET };
  },
});
