/**
 * The recommender half of `npm run bench:auto`: tunes MF on ml-latest-small for validation NDCG@10 with each
 * sampler (same budget, same seed) by training every trial for real through runRecommenderTrial. Epochs are
 * few so that the whole comparison takes minutes; the ranking between samplers is what is measured.
 */
import {
  createSampler,
  strategyOf,
  suggest,
  type SamplerConfig,
  type SearchSpace,
  type TrialRecord,
} from "@rectune/search";
import { recommenderTargetSchema, type RecommenderTarget } from "@rectune/spec";
import type { Tf } from "@rectune/tfjs-backend";
import { runRecommenderTrial } from "../src/index.js";

export const MF_SPACE: SearchSpace = {
  lr: { type: "float", low: 0.0005, high: 0.1, log: true },
  l2: { type: "float", low: 1e-7, high: 0.01, log: true },
  dim: { type: "int", low: 8, high: 64, log: true },
  negatives: { type: "int", low: 1, high: 4 },
};

export function mfTarget(datasetPath: string, epochs: number): RecommenderTarget {
  return recommenderTargetSchema.parse({
    kind: "recommender",
    model: "mf",
    dataset: { path: datasetPath, format: "ml-latest" },
    preprocess: { implicitThreshold: 4, kCore: 20 },
    split: { method: "random", valid: 0.1, test: 0.1 },
    fixed: { epochs, batchSize: 2048 },
    cutoffs: [10],
    evalEvery: epochs,
  });
}

/** One tuning run: `trials` trials of MF proposed by `config`; returns the best validation NDCG@10 and each trial's. */
export async function tuneMf(
  tf: Tf,
  target: RecommenderTarget,
  config: SamplerConfig,
  seed: number,
  trials: number,
): Promise<{ best: number; values: number[] }> {
  const sampler = createSampler({ ...config, seed }, { budget: trials });
  const history: TrialRecord[] = [];
  const values: number[] = [];
  for (let n = 0; n < trials; n++) {
    const params = suggest(sampler, MF_SPACE, { directions: ["maximize"], trials: history }, n, seed);
    const strategy = strategyOf(sampler);
    let value = Number.NaN;
    try {
      const result = await runRecommenderTrial({ tf, target, params, onEpoch: async () => "continue" });
      value = result.metrics["ndcg@10"] ?? Number.NaN;
    } catch (error) {
      if (!(error instanceof Error && error.name === "TrainingDivergedError")) throw error;
    }
    values.push(value);
    const ok = Number.isFinite(value);
    history.push({
      number: n,
      state: ok ? "COMPLETE" : "FAILED",
      params,
      values: ok ? [value] : null,
      intermediate: new Map(),
      strategy,
    });
  }
  return { best: Math.max(...values.filter(Number.isFinite)), values };
}
