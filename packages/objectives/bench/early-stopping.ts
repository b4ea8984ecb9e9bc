/**
 * bench:early-stopping — what early stopping saves and what it costs. Every configuration of a study is
 * trained to the full budget once (seeded, so a configuration's curve does not depend on when it is
 * stopped); then the same study is replayed with 4 simulated workers under no pruner (full
 * training), median, ASHA and Hyperband, each pruned trial being a prefix of its curve. Every
 * decision is taken by the pruner code the cluster's workers run (createPruner + simulateStudy,
 * which shows a pruner only the rung steps it asks for, as the store does). The sampler is random
 * with one seed, so all four pruners see the same configurations in the same order, with the same
 * maximum epochs. Prints the best validation value among fully trained trials and the epochs spent.
 *
 *   npm run bench:early-stopping                                   # the `curve` target (seconds)
 *   npm run bench:early-stopping -- --target mf,neumf              # recommenders on ml-latest-small
 *   npm run bench:early-stopping -- --target mf --dataset synthetic --epochs 9
 * Options: --trials 30 --epochs N --grace G --workers 4 --seed 0 --eta 3 --ratings FILE --report best|epoch
 * (what a trial reports per epoch: its best validation so far, the default, or the epoch's own).
 * Rungs are G, G·η, … below N; N should be G·η^k so the last rung's survivors train a whole η-fold
 * step more; G defaults to N/η². Defaults: MF 27 epochs (rungs 3, 9) over lr, dim, l2 and negatives;
 * NeuMF 9 epochs (rungs 1, 3), tower 32-16-8, dim ≤ 32, ≤ 4 negatives (see neumfSpace for why).
 * Recorded curves are cached under .rectune/cache/early-stopping (keyed by model — with NeuMF's tower —,
 * data, report mode, epochs and configuration), so a rerun only replays. Last line: one JSON object.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import {
  configKey,
  createPruner,
  curveTrainable,
  RandomSampler,
  recordedTrainable,
  simulateStudy,
  suggest,
  type PrunerConfig,
  type SearchSpace,
  type SyntheticTrainable,
} from "@rectune/search";
import { parseStudySpec, type RecommenderTarget } from "@rectune/spec";
import { loadTensorflow } from "@rectune/tfjs-backend";
import { createObjectiveResolver } from "../src/index.js";
import { recordCurve } from "./record-curve.js";

const { values: opts } = parseArgs({
  options: {
    target: { type: "string", default: "curve" },
    dataset: { type: "string", default: "ml-latest-small" },
    ratings: {
      type: "string",
      default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv"),
    },
    trials: { type: "string", default: "30" },
    epochs: { type: "string" },
    grace: { type: "string" },
    workers: { type: "string", default: "4" },
    seed: { type: "string", default: "0" },
    eta: { type: "string", default: "3" },
    report: { type: "string", default: "best" },
  },
});
const TRIALS = Number(opts.trials);
const WORKERS = Number(opts.workers);
const SEED = Number(opts.seed);
const ETA = Number(opts.eta);
const REPORT = opts.report === "epoch" ? "epoch" : "best";
const METRIC = "ndcg@10";
const CACHE = join(".rectune", "cache", "early-stopping");
/**
 * Default budgets: two rungs of η = 3 below the maximum, the first after a grace period of 3 epochs for
 * MF (rungs 3, 9 of 27). NeuMF keeps 9 epochs (rungs 1, 3): even with its cheaper space below a trial
 * takes ~2 min on the shared 2 cores, so 27 epochs × 30 trials would take ~3 h.
 */
const DEFAULT_EPOCHS: Record<string, number> = { curve: 27, mf: 27, neumf: 9 };

/**
 * Adam's learning rate from 0.002 up: below it a configuration is still far from converged at the
 * maximum budget, so its early epochs say little about its last one and any early stopping would
 * judge it on how fast it learns instead of how good it gets. The other dimensions change the model.
 */
const recommenderSpace: SearchSpace = {
  lr: { type: "float", low: 0.002, high: 0.05, log: true },
  dim: { type: "categorical", choices: [16, 32, 64] },
  l2: { type: "float", low: 1e-6, high: 1e-2, log: true },
  negatives: { type: "int", low: 1, high: 8 },
};

/**
 * NeuMF scores every user × item pair through its MLP at each epoch's full-ranking validation, which
 * costs more than its training epoch: with the model's defaults (dim up to 64, tower 64-32-16) a
 * 9-epoch trial took ~350 s on the 2 shared cores here, 30 trials ~3 h. The NCF paper's smaller
 * tower (32-16-8) with dim ≤ 32 cuts the MLP's multiply-adds ~4×, and up to 4 negatives (the paper
 * uses 4) bound the training examples per epoch; lr and l2 keep MF's ranges.
 */
const neumfSpace: SearchSpace = {
  ...recommenderSpace,
  dim: { type: "categorical", choices: [8, 16, 32] },
  negatives: { type: "int", low: 1, high: 4 },
};
const NEUMF_LAYERS = "32-16-8";
const spaceOf = (model: string): SearchSpace => (model === "neumf" ? neumfSpace : recommenderSpace);

const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");

/** Trains every configuration of the study to `epochs` with the worker's own objective and records its validation curve. */
async function recordRecommender(
  model: string,
  epochs: number,
): Promise<{ trainable: SyntheticTrainable<null>; seconds: number }> {
  const space = spaceOf(model);
  const dataset =
    opts.dataset === "synthetic"
      ? { synthetic: { users: 300, items: 400, interactionsPerUser: 30, seed: 1 } }
      : { path: opts.ratings };
  const spec = parseStudySpec({
    name: `bench ${model}`,
    objective: { metric: METRIC, direction: "maximize" },
    target: {
      kind: "recommender",
      model,
      dataset,
      cutoffs: [10],
      fixed: { epochs, batchSize: 4096, ...(model === "neumf" ? { layers: NEUMF_LAYERS } : {}) },
      report: REPORT,
    },
    space,
    strategy: { maxTrials: TRIALS },
  });
  const { tf, backend } = await loadTensorflow();
  const objective = createObjectiveResolver({
    tf,
    cacheDir: ".rectune/cache",
    // The bench reads the file it was given: its own folder is the one data root.
    dataRoots: "path" in dataset && dataset.path ? [dirname(dataset.path)] : [],
  })(spec.target as RecommenderTarget);
  // One file per model and data set: a curve recorded for more epochs serves any shorter budget (its prefix).
  // The tower is fixed, not a parameter of the configuration key: it names the file.
  const cacheFile = join(
    CACHE,
    `${model === "neumf" ? `neumf-${NEUMF_LAYERS}` : model}-${opts.dataset === "synthetic" ? "synthetic" : (opts.dataset ?? "data")}-${REPORT}.json`,
  );
  const cached = new Map<string, number[]>(
    Object.entries(JSON.parse(await readFile(cacheFile, "utf8").catch(() => "{}")) as Record<string, number[]>),
  );
  const curves = new Map<string, number[]>();
  let seconds = 0;
  for (let n = 0; n < TRIALS; n++) {
    const params = suggest(new RandomSampler(), space, { directions: ["maximize"], trials: [] }, n, SEED);
    const key = configKey(params);
    const recorded = cached.get(key);
    // A diverged curve is complete whatever its length: training would stop at the same epoch again.
    let curve =
      recorded && (recorded.length >= epochs || recorded.some((v) => !Number.isFinite(v)))
        ? recorded.slice(0, epochs)
        : undefined;
    const started = Date.now();
    if (!curve) {
      // A diverged configuration keeps the epochs it reported, then NaN: the pruners prune it there.
      const values = await recordCurve(objective, spec, params, n, METRIC, (message) =>
        console.log(`  ${model} trial ${n}: ${message}`),
      );
      curve = values;
      cached.set(key, curve);
      await mkdir(CACHE, { recursive: true });
      await writeFile(cacheFile, JSON.stringify(Object.fromEntries(cached)));
    }
    seconds += (Date.now() - started) / 1000;
    curves.set(key, curve);
    console.log(
      `  ${model} trial ${n} ${key}: ${METRIC} ${curve.map((v) => v.toFixed(4)).join(" ")} ` +
        `(${backend}, ${seconds.toFixed(0)} s so far, load ${load()})`,
    );
  }
  return { trainable: recordedTrainable(space, "maximize", curves), seconds };
}

interface Row {
  readonly pruner: string;
  readonly best: number;
  readonly epochs: number;
  /** Trials trained to the maximum epochs. */
  readonly completed: number;
  readonly bestRatio: number;
  readonly epochRatio: number;
}

function compare(trainable: SyntheticTrainable<unknown>, grace: number): Row[] {
  const E = trainable.steps;
  const configs: [string, PrunerConfig][] = [
    ["full", { name: "none" }],
    ["median", { name: "median", warmupSteps: grace, minTrials: 5, interval: 1 }],
    ["asha", { name: "asha", minResource: grace, maxResource: E, reductionFactor: ETA }],
    ["hyperband", { name: "hyperband", minResource: grace, maxResource: E, reductionFactor: ETA }],
  ];
  const sign = trainable.direction === "maximize" ? 1 : -1;
  const runs = configs.map(([key, config]) => {
    const { history, epochs } = simulateStudy({
      pruner: createPruner(config, SEED),
      trainable,
      trials: TRIALS,
      workers: WORKERS,
      seed: SEED,
    });
    const finals = history.trials
      .filter((t) => t.state === "COMPLETE")
      .map((t) => t.values?.[0] ?? Number.NaN)
      .filter(Number.isFinite);
    const best = sign * Math.max(...finals.map((v) => sign * v));
    return { pruner: key, best, epochs, completed: finals.length };
  });
  const full = runs[0] as { best: number; epochs: number };
  // For a loss (curve) the ratio is full best / best, so that 1 is "as good" and below 1 is worse either way.
  return runs.map((r) => ({
    ...r,
    bestRatio: sign > 0 ? r.best / full.best : full.best / r.best,
    epochRatio: r.epochs / full.epochs,
  }));
}

const results: Record<
  string,
  {
    dataset: string | null;
    epochs: number;
    grace: number;
    rungs: number[];
    trainSeconds: number;
    load: string;
    rows: Row[];
  }
> = {};
for (const target of (opts.target ?? "curve").split(",")) {
  const epochs = Number(opts.epochs ?? DEFAULT_EPOCHS[target] ?? 9);
  // The first rung: where a grace period of a few epochs ends, so that no trial is judged on its first noisy epoch.
  // Measured on MF's 30 recorded curves (seed 0): the rank correlation between epoch e's value and the
  // 27th is −0.42 at e = 1 (weakly regularized configurations peak first, then stall), 0.48 at 3, 0.77
  // at 9; a rung at epoch 1 (--grace 1) prunes the best configuration (ASHA 84.3 % of the full best), a
  // first rung at 3 keeps it.
  const grace = Number(opts.grace ?? Math.max(1, Math.round(epochs / ETA ** 2)));
  const rungs: number[] = [];
  for (let r = grace; r < epochs; r *= ETA) rungs.push(r);
  console.log(
    `${target}: ${TRIALS} trials × ${epochs} epochs, ${WORKERS} workers, seed ${SEED}, η = ${ETA}, ` +
      `reporting the ${REPORT === "best" ? "best epoch so far" : "epoch's own value"}, rungs ${rungs.join(", ")}; ` +
      `load ${load()}`,
  );
  const { trainable, seconds } =
    target === "curve" ? { trainable: curveTrainable(epochs), seconds: 0 } : await recordRecommender(target, epochs);
  const rows = compare(trainable, grace);
  for (const r of rows) {
    console.log(
      `  ${r.pruner.padEnd(9)} best ${r.best.toPrecision(5).padStart(9)}  epochs ${String(r.epochs).padStart(5)}  completed ${String(r.completed).padStart(3)}  ` +
        `best vs full ${(100 * r.bestRatio).toFixed(1).padStart(5)}%  epochs vs full ${(100 * r.epochRatio).toFixed(1).padStart(5)}%`,
    );
  }
  const asha = rows.find((r) => r.pruner === "asha") as Row;
  console.log(
    `  ASHA target (≥ 99% of the full best with ≤ 35% of its epochs): ` +
      `${asha.bestRatio >= 0.99 && asha.epochRatio <= 0.35 ? "met" : "missed"}; ` +
      `training ${seconds.toFixed(0)} s, load ${load()}`,
  );
  results[target] = {
    dataset: target === "curve" ? null : (opts.dataset ?? null),
    epochs,
    grace,
    rungs,
    trainSeconds: Math.round(seconds),
    load: load(),
    rows,
  };
}
console.log(
  JSON.stringify({
    bench: "early-stopping",
    trials: TRIALS,
    workers: WORKERS,
    seed: SEED,
    eta: ETA,
    report: REPORT,
    results,
  }),
);
