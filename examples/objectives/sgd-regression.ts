/**
 * An objective module, as an operator installs one on workers:
 *
 *   RECTUNE_OBJECTIVES=./examples/objectives/sgd-regression.ts npx tsx apps/worker/src/main.ts
 *
 * and a study runs it with `target: { kind: module, name: sgd-regression }`. It fits y = 3x - 2 (plus
 * noise) by stochastic gradient descent, reports the mean squared error after every epoch (the pruner
 * may stop it), and saves its weights after each one, so a retried attempt resumes where the last
 * reported epoch left off instead of starting over.
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
    const next = random(7);
    const xs = Array.from({ length: 256 }, () => next() * 2 - 1);
    const ys = xs.map((x) => 3 * x - 2 + (next() - 0.5) * 0.1);
    const mse = (w: number, b: number) => xs.reduce((s, x, i) => s + (w * x + b - ys[i]!) ** 2, 0) / xs.length;
    // Resume from an earlier attempt's weights: [w, b] as float64.
    const start = trial.checkpoint.load();
    let [w, b] = start ? [...new Float64Array(start.data.slice().buffer)] : [0, 0];
    for (let epoch = (start?.step ?? 0) + 1; epoch <= epochs; epoch++) {
      trial.signal.throwIfAborted();
      for (let i = 0; i < xs.length; i++) {
        const error = w! * xs[i]! + b! - ys[i]!;
        w = w! - lr * error * xs[i]!;
        b = b! - lr * error;
      }
      if (epochMs > 0) await new Promise((r) => setTimeout(r, epochMs));
      await trial.checkpoint.save(epoch, new Uint8Array(new Float64Array([w!, b!]).buffer));
      if ((await trial.report(epoch, { mse: mse(w!, b!) })).prune) break;
    }
    return { mse: mse(w!, b!), w: w!, b: b! };
  },
});
