import { z } from "zod";

export const OPTIMIZERS = ["sgd", "adam", "adagrad", "rmsprop"] as const;

/** Hyperparameters of every model trained by gradient descent. */
export const trainingParams = {
  optimizer: z.enum(OPTIMIZERS).default("adam"),
  lr: z.number().positive().max(10).default(0.001),
  /** L2 penalty on the embeddings and weights a batch touches. */
  l2: z.number().min(0).default(0),
  batchSize: z.number().int().min(1).max(1_000_000).default(1024),
  epochs: z.number().int().min(1).max(10_000).default(20),
  /** Sampled unobserved items per positive (BCE), or per positive pair (BPR). */
  negatives: z.number().int().min(1).max(1000).default(4),
  /** Unobserved candidates per negative, the highest-scored one used (1: uniform negatives). */
  negativeCandidates: z.number().int().min(1).max(1000).default(1),
  loss: z.enum(["bce", "bpr"]).default("bce"),
};

export const embeddingParams = {
  dim: z.number().int().min(1).max(4096).default(32),
};

/** Hidden layer sizes as "64-32-16" (a bare number is one layer; "" none). */
export const towerParams = {
  layers: z.coerce
    .string()
    .regex(/^(\d+(-\d+)*)?$/, 'layers look like "64-32-16"')
    .default("64-32-16"),
  dropout: z.number().min(0).max(0.95).default(0),
};

export const layerSizes = (layers: string): number[] => (layers === "" ? [] : layers.split("-").map(Number));
