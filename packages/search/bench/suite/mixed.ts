/**
 * Mixed spaces shaped like recommender tuning: log-scaled floats (learning rate, regularization), log-scaled
 * ints (embedding size), categoricals of 2-8 choices and bounded floats. In each, a categorical moves the
 * numeric optimum (the best learning rate depends on the optimizer, the best point on the choice), so a
 * sampler that models the parameters one by one cannot settle them independently. Instances come from the
 * problem's key: which choice is best and where its optimum lies are drawn, not written down.
 */
import type { Params, SearchSpace } from "../../src/index.js";
import { instanceRng, type SuiteProblem } from "./problem.js";

const OPTIMIZERS = ["sgd", "adam", "adagrad", "rmsprop"] as const;

export const recsysSpace: SearchSpace = {
  lr: { type: "float", low: 1e-5, high: 1, log: true },
  reg: { type: "float", low: 1e-8, high: 1e-1, log: true },
  dim: { type: "int", low: 4, high: 1024, log: true },
  optimizer: { type: "categorical", choices: [...OPTIMIZERS] },
  dropout: { type: "float", low: 0, high: 0.9 },
};

/**
 * The held-out check's shape: log lr, log reg, log-int dim, a categorical optimizer and a bounded dropout.
 * Each optimizer has its own best log10(lr) and penalty; the best reg grows with the embedding size.
 */
export function recsysMixed(key: string): SuiteProblem {
  const rng = instanceRng(key);
  const lrBest = OPTIMIZERS.map(() => -4 + 3 * rng.next());
  const penalty = OPTIMIZERS.map((_, i) => (i === 0 ? 0 : 0.01 + 0.05 * rng.next()));
  // The best optimizer is drawn too: rotate the zero penalty to a random one.
  const best = rng.int(OPTIMIZERS.length);
  [penalty[0], penalty[best]] = [penalty[best]!, penalty[0]!];
  const dimBest = 3 + rng.int(6); // log2: 8 ... 256
  const regAt = -6 + 3 * rng.next(); // log10 at dimBest
  const dropBest = 0.05 + 0.6 * rng.next();
  const f = (p: Params): number => {
    const o = OPTIMIZERS.indexOf(p.optimizer as (typeof OPTIMIZERS)[number]);
    const log2dim = Math.log2(p.dim as number);
    const regBest = regAt + 0.5 * (log2dim - dimBest);
    return (
      0.05 +
      penalty[o]! +
      0.04 * (Math.log10(p.lr as number) - lrBest[o]!) ** 2 +
      0.015 * (Math.log10(p.reg as number) - regBest) ** 2 +
      0.008 * (log2dim - dimBest) ** 2 +
      0.3 * ((p.dropout as number) - dropBest) ** 2
    );
  };
  const argmin: Params = {
    lr: 10 ** lrBest[best]!,
    reg: 10 ** regAt,
    dim: 2 ** dimBest,
    optimizer: OPTIMIZERS[best]!,
    dropout: dropBest,
  };
  return { key, family: "mixed", space: recsysSpace, f, optimum: 0.05, argmin };
}

/**
 * Three categoricals (2, 5 and 8 choices) and three floats: the 8-choice one adds its own offset, the
 * 5-choice one decides where in the box the floats' optimum is, the 2-choice one scales the curvature.
 */
function wideCategorical(): SuiteProblem {
  const key = "mixed-wide";
  const rng = instanceRng(key);
  const loss = ["bpr", "bce", "mse", "warp", "hinge", "softmax", "sampled", "listnet"];
  const sampler = ["uniform", "popular", "hard", "mixed", "in-batch"];
  const offset = loss.map(() => 0.2 * rng.next());
  const bestLoss = rng.int(loss.length);
  offset[bestLoss] = 0;
  const centre = sampler.map(() => [rng.next(), rng.next(), rng.next()]);
  const level = sampler.map(() => 0.15 * rng.next());
  const bestSampler = rng.int(sampler.length);
  level[bestSampler] = 0;
  const space: SearchSpace = {
    loss: { type: "categorical", choices: loss },
    negSampler: { type: "categorical", choices: sampler },
    normalize: { type: "categorical", choices: [true, false] },
    a: { type: "float", low: 0, high: 1 },
    b: { type: "float", low: 0, high: 1 },
    c: { type: "float", low: 1e-3, high: 1, log: true },
  };
  const f = (p: Params): number => {
    const s = sampler.indexOf(p.negSampler as string);
    const m = centre[s]!;
    const u = [p.a as number, p.b as number, (Math.log10(p.c as number) + 3) / 3];
    const curvature = p.normalize === true ? 1 : 1.5;
    return (
      offset[loss.indexOf(p.loss as string)]! +
      level[s]! +
      curvature * u.reduce((t, v, k) => t + (v - m[k]!) ** 2, 0) +
      (p.normalize === true ? 0 : 0.02)
    );
  };
  const m = centre[bestSampler]!;
  const argmin: Params = {
    loss: loss[bestLoss]!,
    negSampler: sampler[bestSampler]!,
    normalize: true,
    a: m[0]!,
    b: m[1]!,
    c: 10 ** (3 * m[2]! - 3),
  };
  return { key, family: "mixed", space, f, optimum: 0, argmin };
}

/** Integers (a stepped epoch count, a log-scaled batch size) whose optimum depends on a 3-way model choice. */
function intCategorical(): SuiteProblem {
  const key = "mixed-int-cat";
  const rng = instanceRng(key);
  const models = ["mf", "bpr", "ials"];
  const epochsBest = models.map(() => 10 + 10 * rng.int(20)); // 10 ... 200, on the step grid
  const batchBest = models.map(() => 5 + rng.int(8)); // log2: 32 ... 4096
  const level = models.map(() => 0.1 * rng.next());
  const best = rng.int(models.length);
  level[best] = 0;
  const lrBest = -3 + 2 * rng.next();
  const space: SearchSpace = {
    model: { type: "categorical", choices: models },
    epochs: { type: "int", low: 10, high: 200, step: 10 },
    batch: { type: "int", low: 16, high: 8192, log: true },
    lr: { type: "float", low: 1e-4, high: 1, log: true },
    factors: { type: "int", low: 1, high: 64 },
  };
  const factorsBest = 8 + rng.int(48);
  const f = (p: Params): number => {
    const m = models.indexOf(p.model as string);
    return (
      level[m]! +
      0.3 * (((p.epochs as number) - epochsBest[m]!) / 190) ** 2 +
      0.01 * (Math.log2(p.batch as number) - batchBest[m]!) ** 2 +
      0.03 * (Math.log10(p.lr as number) - lrBest) ** 2 +
      0.2 * (((p.factors as number) - factorsBest) / 63) ** 2
    );
  };
  const argmin: Params = {
    model: models[best]!,
    epochs: epochsBest[best]!,
    batch: 2 ** batchBest[best]!,
    lr: 10 ** lrBest,
    factors: factorsBest,
  };
  return { key, family: "mixed", space, f, optimum: 0, argmin };
}

/** A float on a step grid, a log float and a boolean whose value flips the sign of an interaction. */
function stepBoolean(): SuiteProblem {
  const key = "mixed-step-bool";
  const rng = instanceRng(key);
  const wBest = 0.05 + 0.05 * rng.int(18); // on the 0.05 grid
  const tBest = -2 + 2 * rng.next();
  const space: SearchSpace = {
    warmup: { type: "float", low: 0, high: 1, step: 0.05 },
    temperature: { type: "float", low: 1e-3, high: 10, log: true },
    symmetric: { type: "categorical", choices: [true, false] },
    alpha: { type: "float", low: -1, high: 1 },
  };
  const aBest = 0.2 + 0.6 * rng.next();
  const f = (p: Params): number => {
    const a = p.symmetric === true ? aBest : -aBest;
    const lt = Math.log10(p.temperature as number);
    return (
      ((p.warmup as number) - wBest) ** 2 +
      0.1 * (lt - tBest) ** 2 +
      ((p.alpha as number) - a * (1 + 0.3 * (lt - tBest))) ** 2 +
      (p.symmetric === true ? 0 : 0.01)
    );
  };
  const argmin: Params = { warmup: wBest, temperature: 10 ** tBest, symmetric: true, alpha: aBest };
  return { key, family: "mixed", space, f, optimum: 0, argmin };
}

export const MIXED: SuiteProblem[] = [recsysMixed("mixed-recsys"), wideCategorical(), intCategorical(), stepBoolean()];
