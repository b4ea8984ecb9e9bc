/**
 * bench:early-stopping — what early stopping saves and what it costs. Every configuration of a study is
 * trained to the full budget once (seeded, so a configuration's curve does not depend on when it is
 * stopped); then the same study is replayed with 4 simulated workers under no scheduler (full
 * training), median, ASHA and Hyperband, each pruned trial being a prefix of its curve. Prints the
 * best validation value among fully trained trials and the epochs spent, next to full training.
 *
 *   npm run bench:early-stopping                                   # the `curve` target (seconds)
 *   npm run bench:early-stopping -- --target mf,neumf              # recommenders on ml-latest-small
 *   npm run bench:early-stopping -- --target mf --dataset synthetic --epochs 9
 * Options: --trials 30 --epochs N --workers 4 --seed 0 --eta 3 --ratings FILE. Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import {
  configKey,
  createScheduler,
  curveTrainable,
  RandomSampler,
  recordedTrainable,
  simulateStudy,
  suggest,
  type SchedulerConfig,
  type SearchSpace,
  type SyntheticTrainable,
} from "@rectune/search";
import { parseStudySpec, type RecommenderTarget } from "@rectune/spec";
import { loadTensorflow } from "@rectune/tfjs-backend";
import { createObjectiveResolver } from "../src/objectives.js";

const { values: opts } = parseArgs({
  options: {
    target: { type: "string", default: "curve" },
    dataset: { type: "string", default: "ml-latest-small" },
    ratings: { type: "string", default: "/work/shared/datasets/ml-latest-small/ratings.csv" },
    trials: { type: "string", default: "30" },
    epochs: { type: "string" },
    workers: { type: "string", default: "4" },
    seed: { type: "string", default: "0" },
    eta: { type: "string", default: "3" },
  },
});
const TRIALS = Number(opts.trials);
const WORKERS = Number(opts.workers);
const SEED = Number(opts.seed);
const ETA = Number(opts.eta);
const METRIC = "ndcg@10";

const recommenderSpace: SearchSpace = {
  lr: { type: "float", low: 0.0005, high: 0.05, log: true },
  dim: { type: "categorical", choices: [16, 32, 64] },
  l2: { type: "float", low: 1e-6, high: 1e-2, log: true },
  negatives: { type: "int", low: 1, high: 8 },
};

/** Trains every configuration of the study to `epochs` with the worker's own objective and records its validation curve. */
async function recordRecommender(model: string, epochs: number): Promise<SyntheticTrainable<null>> {
  const dataset = opts.dataset === "synthetic" ? { synthetic: { users: 300, items: 400, interactionsPerUser: 30, seed: SEED } } : { path: opts.ratings };
  const spec = parseStudySpec({
    name: `bench ${model}`,
    objective: { metric: METRIC, direction: "maximize" },
    target: { kind: "recommender", model, dataset, cutoffs: [10], fixed: { epochs, batchSize: 4096 } },
    space: recommenderSpace,
    strategy: { maxTrials: TRIALS },
  });
  const { tf, backend } = await loadTensorflow();
  const objective = createObjectiveResolver({ tf, cacheDir: ".rectune/cache" })(spec.target as RecommenderTarget);
  const curves = new Map<string, number[]>();
  const started = Date.now();
  for (let n = 0; n < TRIALS; n++) {
    const params = suggest(new RandomSampler(), recommenderSpace, { directions: ["maximize"], trials: [] }, n, SEED);
    const curve: number[] = [];
    await objective({
      params,
      spec,
      trialNumber: n,
      start: null,
      saveCheckpoint: async () => {},
      signal: new AbortController().signal,
      report: async (_epoch, metrics) => {
        curve.push(metrics[METRIC] ?? Number.NaN);
        return "continue";
      },
    });
    curves.set(configKey(params), curve);
    console.log(`  ${model} trial ${n}: ${METRIC} ${curve.map((v) => v.toFixed(4)).join(" ")} (${backend}, ${((Date.now() - started) / 1000).toFixed(0)} s so far)`);
  }
  return recordedTrainable(recommenderSpace, "maximize", curves);
}

interface Row {
  readonly scheduler: string;
  readonly best: number;
  readonly epochs: number;
  readonly bestRatio: number;
  readonly epochRatio: number;
}

function compare(trainable: SyntheticTrainable<unknown>): Row[] {
  const E = trainable.steps;
  const configs: [string, SchedulerConfig][] = [
    ["full", { name: "none" }],
    ["median", { name: "median", warmupSteps: 0, minTrials: 5, interval: 1 }],
    ["asha", { name: "asha", minResource: 1, maxResource: E, reductionFactor: ETA }],
    ["hyperband", { name: "hyperband", minResource: 1, maxResource: E, reductionFactor: ETA }],
  ];
  const sign = trainable.direction === "maximize" ? 1 : -1;
  const runs = configs.map(([key, config]) => {
    const { history, epochs } = simulateStudy({ scheduler: createScheduler(config, SEED), trainable, trials: TRIALS, workers: WORKERS, seed: SEED });
    const finals = history.trials.filter((t) => t.state === "COMPLETE").map((t) => t.values?.[0] ?? Number.NaN);
    const best = sign * Math.max(...finals.map((v) => sign * v));
    return { scheduler: key, best, epochs };
  });
  const full = runs[0] as { best: number; epochs: number };
  // For a loss (curve) the ratio is full best / best, so that 1 is "as good" and below 1 is worse either way.
  return runs.map((r) => ({ ...r, bestRatio: sign > 0 ? r.best / full.best : full.best / r.best, epochRatio: r.epochs / full.epochs }));
}

const results: Record<string, { dataset: string | null; epochs: number; rows: Row[] }> = {};
for (const target of (opts.target ?? "curve").split(",")) {
  const epochs = Number(opts.epochs ?? (target === "curve" ? 27 : 9));
  console.log(`${target}: ${TRIALS} trials × ${epochs} epochs, ${WORKERS} workers, seed ${SEED}, η = ${ETA}`);
  const trainable = target === "curve" ? curveTrainable(epochs) : await recordRecommender(target, epochs);
  const rows = compare(trainable);
  for (const r of rows) {
    console.log(
      `  ${r.scheduler.padEnd(9)} best ${r.best.toPrecision(5).padStart(9)}  epochs ${String(r.epochs).padStart(5)}  ` +
        `best vs full ${(100 * r.bestRatio).toFixed(1).padStart(5)}%  epochs vs full ${(100 * r.epochRatio).toFixed(1).padStart(5)}%`,
    );
  }
  const asha = rows.find((r) => r.scheduler === "asha") as Row;
  console.log(`  ASHA target (≥ 99% of the full best with ≤ 35% of its epochs): ${asha.bestRatio >= 0.99 && asha.epochRatio <= 0.35 ? "met" : "missed"}`);
  results[target] = { dataset: target === "curve" ? null : (opts.dataset ?? null), epochs, rows };
}
console.log(JSON.stringify({ bench: "early-stopping", trials: TRIALS, workers: WORKERS, seed: SEED, eta: ETA, results }));
