/**
 * Records the tables behind the search suite's recorded-recommender problems (packages/search/bench/suite/
 * recorded.ts): a model trained with the worker's own objective on ml-latest-small at every point of a grid of
 * hyperparameters, with its validation NDCG@10 after each epoch. The table is a committed fixture of derived
 * numbers (the dataset stays outside the repository); it names the data, the code commit and this command.
 *
 *   nice -n 10 node --import tsx packages/objectives/bench/record-surrogate.ts --grid mf
 *
 * Resumable: the fixture is rewritten after every configuration, and configurations it holds are skipped.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import { configKey, type Params } from "@rectune/search";
import { parseStudySpec, type RecommenderTarget } from "@rectune/spec";
import { loadTensorflow } from "@rectune/tfjs-backend";
import { createObjectiveResolver } from "../src/index.js";
import { recordCurve } from "./record-curve.js";

/** One axis of a grid: its values in order (numbers on a log scale, or a categorical's choices). */
interface Axis {
  readonly name: string;
  readonly values: readonly (number | string)[];
  readonly scale: "log" | "log-int" | "categorical";
}

interface Grid {
  readonly model: string;
  readonly epochs: number;
  /** Hyperparameters held fixed at every point. */
  readonly fixed: Record<string, number | string>;
  readonly axes: readonly Axis[];
}

/**
 * MF: embedding size, Adam's learning rate, the L2 penalty and the loss (BCE with 4 sampled negatives, or
 * BPR), 3 × 5 × 4 × 2 = 120 points, 8 epochs each (7 s a point on the shared cores when quiet, 35 s at a load of 14). The L2 range is where
 * it matters here: the trainer scales the penalty by the batch, so below 1e-4 it changes nothing (1e-6, 1e-5
 * and 1e-4 gave the same curves to the fourth decimal) and from 1e-1 up it is saturated (0.1, 1 and 10 the same).
 */
const GRIDS: Record<string, Grid> = {
  mf: {
    model: "mf",
    epochs: 8,
    fixed: { batchSize: 4096, negatives: 4 },
    axes: [
      { name: "dim", values: [8, 32, 128], scale: "log-int" },
      { name: "lr", values: [0.001, 0.003, 0.01, 0.03, 0.1], scale: "log" },
      { name: "l2", values: [1e-4, 1e-3, 1e-2, 1e-1], scale: "log" },
      { name: "loss", values: ["bce", "bpr"], scale: "categorical" },
    ],
  },
};

const { values: opts } = parseArgs({
  options: {
    grid: { type: "string", default: "mf" },
    ratings: { type: "string", default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv") },
    out: { type: "string" },
  },
});
const grid = GRIDS[opts.grid];
if (!grid) throw new Error(`unknown grid "${opts.grid}" (known: ${Object.keys(GRIDS).join(", ")})`);
const METRIC = "ndcg@10";
const out = opts.out ?? join("packages/search/bench/suite/recorded", `${opts.grid}-ml-latest-small.json`);
const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(" ");

/** The grid point at a flat index of a table's curves (the first axis varying slowest). */
const pointAt = (axes: readonly Axis[], index: number): Params => {
  const p: Params = {};
  for (let a = axes.length - 1; a >= 0; a--) {
    p[axes[a]!.name] = axes[a]!.values[index % axes[a]!.values.length]!;
    index = Math.floor(index / axes[a]!.values.length);
  }
  return p;
};
/** Every point of the grid, the first axis varying slowest. */
const points = Array.from({ length: grid.axes.reduce((n, a) => n * a.values.length, 1) }, (_, i) =>
  pointAt(grid.axes, i),
);
const spec = parseStudySpec({
  name: `surrogate ${opts.grid}`,
  objective: { metric: METRIC, direction: "maximize" },
  target: {
    kind: "recommender",
    model: grid.model,
    dataset: { path: opts.ratings },
    cutoffs: [10],
    fixed: { epochs: grid.epochs, ...grid.fixed },
    // Each epoch's own value: the table serves an "epochs" axis as well as the best over epochs.
    report: "epoch",
  },
  space: Object.fromEntries(grid.axes.map((a) => [a.name, { type: "categorical", choices: a.values }] as const)),
  strategy: { maxTrials: points.length },
});
const { tf, backend } = await loadTensorflow();
const objective = createObjectiveResolver({ tf, cacheDir: ".rectune/cache", dataRoots: [dirname(opts.ratings)] })(
  spec.target as RecommenderTarget,
);

interface Table {
  readonly grid: string;
  readonly model: string;
  readonly dataset: string;
  readonly metric: string;
  readonly split: string;
  readonly commit: string;
  readonly command: string;
  readonly backend: string;
  readonly epochs: number;
  readonly fixed: Record<string, number | string>;
  readonly axes: readonly Axis[];
  /** curves[i]: the metric after each epoch at points[i] (the first axis varying slowest); null while unrecorded. */
  readonly curves: (number[] | null)[];
}

// Curves an earlier run recorded, by configuration: a grid changed since keeps the points the two share.
const previous = existsSync(out) ? (JSON.parse(await readFile(out, "utf8")) as Table) : undefined;
const recorded = new Map(
  (previous?.curves ?? []).flatMap((c, i) => (c && previous ? [[configKey(pointAt(previous.axes, i)), c]] : [])),
);
const table: Table = {
  grid: opts.grid,
  model: grid.model,
  dataset: "ml-latest-small (GroupLens, ratings.csv)",
  metric: `validation ${METRIC}`,
  split: "the recommender target's default split (spec defaults), seed 0",
  commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
  command: `nice -n 10 node --import tsx packages/objectives/bench/record-surrogate.ts --grid ${opts.grid}`,
  backend,
  epochs: grid.epochs,
  fixed: grid.fixed,
  axes: grid.axes,
  curves: points.map((p) => recorded.get(configKey(p)) ?? null),
};
const started = Date.now();
for (const [i, params] of points.entries()) {
  if (table.curves[i]) continue;
  const t = Date.now();
  const curve = await recordCurve(objective, spec, params, i, METRIC, (m) => console.log(`  point ${i}: ${m}`));
  // Four decimals: well below the differences between configurations, and a small fixture.
  table.curves[i] = curve.map((v) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(table)}\n`);
  console.log(
    `${i + 1}/${points.length} ${configKey(params)}: ${table.curves[i]!.join(" ")} ` +
      `(${((Date.now() - t) / 1000).toFixed(1)} s; ${((Date.now() - started) / 1000).toFixed(0)} s in all; load ${load()})`,
  );
}
console.log(JSON.stringify({ grid: opts.grid, out, points: points.length, seconds: (Date.now() - started) / 1000 }));
