import type { Tf } from "../src/index.js";
import { matrixFactorization, neuMF, trainEpoch } from "./models.js";
import type { Examples } from "./movielens.js";

export interface MemoryCheck {
  trials: number;
  tensorsBefore: number;
  tensorsAfter: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

/**
 * A worker's lifetime in miniature: `trials` small trials, each building a model and an Adam optimizer,
 * training on a slice of the data and disposing everything. Tensor count must return to the baseline and
 * RSS stay flat. The baseline is taken after 10 warm-up trials (JIT code, and the wasm heap, which grows
 * to its high-water mark once and never shrinks: measured flat from trial 20 to 120 at 234.5 MB and a
 * 23 MB heap), with a GC when node runs with --expose-gc.
 */
export function memoryCheck(tf: Tf, ex: Examples, numUsers: number, numItems: number, trials: number): MemoryCheck {
  const slice: Examples = {
    users: ex.users.subarray(0, 8192),
    items: ex.items.subarray(0, 8192),
    labels: ex.labels.subarray(0, 8192),
  };
  const trial = (t: number) => {
    const make = t % 2 === 0 ? matrixFactorization : neuMF;
    const model = make(tf, { numUsers, numItems, dim: 8 + (t % 4) * 8 });
    const optimizer = tf.train.adam(0.005);
    trainEpoch(tf, model, optimizer, slice, 1024);
    optimizer.dispose();
    tf.dispose(model.variables);
  };
  for (let t = 0; t < 10; t++) trial(t);
  gc();
  const tensorsBefore = tf.memory().numTensors;
  const rssBefore = process.memoryUsage().rss;
  for (let t = 0; t < trials; t++) trial(t);
  gc();
  return {
    trials,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    rssBeforeMb: rssBefore / 2 ** 20,
    rssAfterMb: process.memoryUsage().rss / 2 ** 20,
  };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
