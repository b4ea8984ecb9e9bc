import type { Params, SearchSpace } from "../space/types.js";

/**
 * A mixed space shaped like tuning a recommender: log-scaled learning rate and regularization, an integer
 * embedding size on a log scale, epochs on a step grid, categorical optimizer/model/loss, and parameters
 * that exist only for NeuMF.
 */
export const recommenderSpace: SearchSpace = {
  lr: { type: "float", low: 1e-4, high: 1, log: true },
  reg: { type: "float", low: 1e-7, high: 1e-1, log: true },
  dim: { type: "int", low: 4, high: 512, log: true },
  epochs: { type: "int", low: 5, high: 100, step: 5 },
  optimizer: { type: "categorical", choices: ["sgd", "adam", "adagrad"] },
  model: { type: "categorical", choices: ["mf", "neumf"] },
  loss: { type: "categorical", choices: ["bpr", "bce", "mse"] },
  layers: { type: "int", low: 1, high: 4, when: { model: ["neumf"] } },
  dropout: { type: "float", low: 0, high: 0.8, when: { model: ["neumf"] } },
  bias: { type: "categorical", choices: [true, false] },
};

/**
 * A smooth stand-in for "1 - NDCG@10" over recommenderSpace (minimize; best 0.05 at NeuMF with 2 layers,
 * dropout 0.2, Adam at lr 3e-3, reg 1e-4, dim 64, BPR, bias on, 60 epochs). Interactions: the best learning
 * rate depends on the optimizer, and large embeddings want more regularization, as in real tuning.
 */
export function recommenderObjective(p: Params): number {
  const num = (k: string): number => p[k] as number;
  const lrBest = { sgd: -1.5, adam: -2.5, adagrad: -1.8 }[p.optimizer as "sgd" | "adam" | "adagrad"];
  const log2dim = Math.log2(num("dim"));
  const regBest = -4 + 0.5 * (log2dim - 6);
  let loss =
    0.04 * (Math.log10(num("lr")) - lrBest) ** 2 +
    0.015 * (Math.log10(num("reg")) - regBest) ** 2 +
    0.006 * (log2dim - 6) ** 2 +
    0.5 * ((num("epochs") - 60) / 100) ** 2 +
    { sgd: 0.06, adam: 0, adagrad: 0.03 }[p.optimizer as "sgd" | "adam" | "adagrad"] +
    { bpr: 0, bce: 0.015, mse: 0.05 }[p.loss as "bpr" | "bce" | "mse"] +
    (p.bias === true ? 0 : 0.01);
  if (p.model === "neumf") loss += 0.01 * (num("layers") - 2) ** 2 + 0.3 * (num("dropout") - 0.2) ** 2;
  else loss += 0.04;
  return 0.05 + loss;
}
