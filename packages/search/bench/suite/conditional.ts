/**
 * Conditional spaces: parameters that exist only for some choices (`when`). A sampler must learn which
 * branch is best and, within it, the branch's own parameters from the trials where they were active.
 */
import { recommenderObjective, recommenderSpace, type Params, type SearchSpace } from "../../src/index.js";
import { instanceRng, type SuiteProblem } from "./problem.js";

/** The benchmark's original recommender space: NeuMF-only layers and dropout. */
const recommender: SuiteProblem = {
  key: "cond-recommender",
  family: "conditional",
  space: recommenderSpace,
  f: recommenderObjective,
  optimum: 0.05,
  argmin: {
    lr: 10 ** -2.5,
    reg: 1e-4,
    dim: 64,
    epochs: 60,
    optimizer: "adam",
    model: "neumf",
    loss: "bpr",
    layers: 2,
    dropout: 0.2,
    bias: true,
  },
};

/** A model family choice, each family with its own parameters and its own best value. */
function modelFamilies(): SuiteProblem {
  const key = "cond-models";
  const rng = instanceRng(key);
  const space: SearchSpace = {
    model: { type: "categorical", choices: ["mf", "itemknn", "ease", "neumf"] },
    mf_lr: { type: "float", low: 1e-4, high: 1, log: true, when: { model: ["mf"] } },
    mf_dim: { type: "int", low: 8, high: 512, log: true, when: { model: ["mf"] } },
    mf_reg: { type: "float", low: 1e-6, high: 1, log: true, when: { model: ["mf"] } },
    knn_k: { type: "int", low: 5, high: 1000, log: true, when: { model: ["itemknn"] } },
    knn_shrink: { type: "float", low: 0, high: 200, when: { model: ["itemknn"] } },
    ease_lambda: { type: "float", low: 1, high: 1e4, log: true, when: { model: ["ease"] } },
    neumf_lr: { type: "float", low: 1e-4, high: 1e-1, log: true, when: { model: ["neumf"] } },
    neumf_layers: { type: "int", low: 1, high: 4, when: { model: ["neumf"] } },
    neumf_dropout: { type: "float", low: 0, high: 0.8, when: { model: ["neumf"] } },
  };
  const u = (): number => rng.next();
  const mf = { lr: -3.5 + 2.5 * u(), dim: 4 + 4 * u(), reg: -5 + 4 * u() };
  const knn = { k: 1.5 + 1.5 * u(), shrink: 200 * u() };
  const ease = { lambda: 1 + 3 * u() };
  const neumf = { lr: -3.5 + 2 * u(), layers: 1 + rng.int(4), dropout: 0.6 * u() };
  // The families' floors: the richest (mf, neumf) can go lowest, so the best branch needs its parameters found.
  const floor = { mf: 0, itemknn: 0.06, ease: 0.04, neumf: 0.02 };
  if (u() < 0.5) [floor.mf, floor.neumf] = [floor.neumf, floor.mf];
  const f = (p: Params): number => {
    const lg = (k: string): number => Math.log10(p[k] as number);
    switch (p.model) {
      case "mf":
        return (
          floor.mf +
          0.05 * (lg("mf_lr") - mf.lr) ** 2 +
          0.02 * (Math.log2(p.mf_dim as number) - mf.dim) ** 2 +
          0.02 * (lg("mf_reg") - mf.reg) ** 2
        );
      case "itemknn":
        return (
          floor.itemknn + 0.05 * (lg("knn_k") - knn.k) ** 2 + 0.1 * (((p.knn_shrink as number) - knn.shrink) / 200) ** 2
        );
      case "ease":
        return floor.ease + 0.03 * (lg("ease_lambda") - ease.lambda) ** 2;
      default:
        return (
          floor.neumf +
          0.05 * (lg("neumf_lr") - neumf.lr) ** 2 +
          0.01 * ((p.neumf_layers as number) - neumf.layers) ** 2 +
          0.2 * ((p.neumf_dropout as number) - neumf.dropout) ** 2
        );
    }
  };
  const argmin: Params =
    floor.mf === 0
      ? { model: "mf", mf_lr: 10 ** mf.lr, mf_dim: 2 ** mf.dim, mf_reg: 10 ** mf.reg }
      : { model: "neumf", neumf_lr: 10 ** neumf.lr, neumf_layers: neumf.layers, neumf_dropout: neumf.dropout };
  // mf_dim's optimum 2^dim is not an integer in general: the known optimum is the best integer's value.
  if (floor.mf === 0) {
    const lo = Math.floor(2 ** mf.dim);
    const best = [lo, lo + 1].reduce((a, b) => (f({ ...argmin, mf_dim: a }) <= f({ ...argmin, mf_dim: b }) ? a : b));
    argmin.mf_dim = best;
  }
  return { key, family: "conditional", space, f, optimum: f(argmin), argmin };
}

/** An optimizer choice with its own hyperparameters (momentum and Nesterov for SGD; betas for Adam). */
function optimizerBranches(): SuiteProblem {
  const key = "cond-optimizer";
  const rng = instanceRng(key);
  const space: SearchSpace = {
    optimizer: { type: "categorical", choices: ["sgd", "adam"] },
    lr: { type: "float", low: 1e-5, high: 1, log: true },
    batch: { type: "int", low: 32, high: 4096, log: true },
    momentum: { type: "float", low: 0, high: 0.99, when: { optimizer: ["sgd"] } },
    nesterov: { type: "categorical", choices: [true, false], when: { optimizer: ["sgd"] } },
    beta1: { type: "float", low: 0.5, high: 0.999, when: { optimizer: ["adam"] } },
    beta2: { type: "float", low: 0.9, high: 0.9999, log: true, when: { optimizer: ["adam"] } },
  };
  const sgdLr = -2.5 + 2 * rng.next();
  const adamLr = -4 + 2 * rng.next();
  const momentum = 0.5 + 0.45 * rng.next();
  const beta1 = 0.6 + 0.35 * rng.next();
  const batchBest = 6 + rng.int(5);
  const sgdWins = rng.next() < 0.5;
  const f = (p: Params): number => {
    const lr = Math.log10(p.lr as number);
    const batch = 0.01 * (Math.log2(p.batch as number) - batchBest) ** 2;
    if (p.optimizer === "sgd") {
      // The best learning rate falls as momentum grows (the effective step is lr / (1 - momentum)).
      const m = p.momentum as number;
      const best = sgdLr + Math.log10((1 - m) / (1 - momentum));
      return (
        (sgdWins ? 0 : 0.02) +
        batch +
        0.05 * (lr - best) ** 2 +
        0.2 * (m - momentum) ** 2 +
        (p.nesterov === true ? 0 : 0.01)
      );
    }
    const b2 = Math.log10(1 - (p.beta2 as number));
    return (
      (sgdWins ? 0.02 : 0) +
      batch +
      0.05 * (lr - adamLr) ** 2 +
      0.3 * ((p.beta1 as number) - beta1) ** 2 +
      0.005 * (b2 + 3) ** 2
    );
  };
  const argmin: Params = sgdWins
    ? { optimizer: "sgd", lr: 10 ** sgdLr, batch: 2 ** batchBest, momentum, nesterov: true }
    : { optimizer: "adam", lr: 10 ** adamLr, batch: 2 ** batchBest, beta1, beta2: 1 - 1e-3 };
  return { key, family: "conditional", space, f, optimum: 0, argmin };
}

/** A network depth choice: each deeper layer's width exists only for depths that have it. */
function depthBranches(): SuiteProblem {
  const key = "cond-depth";
  const rng = instanceRng(key);
  const space: SearchSpace = {
    depth: { type: "categorical", choices: [1, 2, 3] },
    units1: { type: "int", low: 8, high: 512, log: true },
    units2: { type: "int", low: 8, high: 512, log: true, when: { depth: [2, 3] } },
    units3: { type: "int", low: 8, high: 512, log: true, when: { depth: [3] } },
    dropout: { type: "float", low: 0, high: 0.7 },
    lr: { type: "float", low: 1e-4, high: 1e-1, log: true },
  };
  const best = [0, 1, 2].map(() => 3 + rng.int(7)); // log2 widths 8 ... 512
  const dropBest = 0.5 * rng.next();
  const lrBest = -3.5 + 2 * rng.next();
  const depthCost = [0.08, 0.03, 0];
  const f = (p: Params): number => {
    const depth = p.depth as number;
    let s =
      depthCost[depth - 1]! +
      0.2 * ((p.dropout as number) - dropBest) ** 2 +
      0.03 * (Math.log10(p.lr as number) - lrBest) ** 2;
    for (let l = 1; l <= depth; l++) s += 0.01 * (Math.log2(p[`units${l}`] as number) - best[l - 1]!) ** 2;
    return s;
  };
  const argmin: Params = {
    depth: 3,
    units1: 2 ** best[0]!,
    units2: 2 ** best[1]!,
    units3: 2 ** best[2]!,
    dropout: dropBest,
    lr: 10 ** lrBest,
  };
  return { key, family: "conditional", space, f, optimum: 0, argmin };
}

export const CONDITIONAL: SuiteProblem[] = [recommender, modelFamilies(), optimizerBranches(), depthBranches()];
