/**
 * Recorded recommender landscapes: validation NDCG@10 of matrix factorization trained on ml-latest-small by the
 * worker's own code at every point of a hyperparameter grid (recorded/*.json, written by
 * packages/objectives/bench/record-surrogate.ts, which names the data, the commit and the command in the file).
 * Between grid points the value is interpolated multilinearly on the log-scaled axes, within the slice of the
 * categorical choice; outside the grid's range there is nothing to interpolate, so the spaces are the grid's
 * range. A multilinear interpolant is linear along each axis within a cell, so its extremes lie on grid points:
 * the known optimum is the best recorded value. Objectives are minimized: f = −NDCG@10.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Params, SearchSpace } from "../../src/index.js";
import type { SuiteProblem } from "./problem.js";

const axisSchema = z.object({
  name: z.string(),
  values: z.array(z.union([z.number(), z.string()])).min(1),
  scale: z.enum(["log", "log-int", "categorical"]),
});
/** The fixture record-surrogate.ts writes (its Table). */
const tableSchema = z.object({
  grid: z.string(),
  dataset: z.string(),
  metric: z.string(),
  commit: z.string(),
  command: z.string(),
  epochs: z.number().int().positive(),
  axes: z.array(axisSchema).min(1),
  curves: z.array(z.array(z.number()).min(1)),
});
export type RecordedTable = z.infer<typeof tableSchema>;
type Axis = RecordedTable["axes"][number];

export function loadTable(name: string): RecordedTable {
  const table = tableSchema.parse(JSON.parse(readFileSync(new URL(`recorded/${name}.json`, import.meta.url), "utf8")));
  const points = table.axes.reduce((n, a) => n * a.values.length, 1);
  if (table.curves.length !== points)
    throw new Error(`recorded/${name}.json: ${table.curves.length} curves for ${points} points`);
  return table;
}

/** The parameter an axis becomes: its grid's range, on its scale. */
function paramOf(axis: Axis): SearchSpace[string] {
  if (axis.scale === "categorical") return { type: "categorical", choices: axis.values };
  const v = axis.values as number[];
  return { type: axis.scale === "log-int" ? "int" : "float", low: v[0]!, high: v.at(-1)!, log: true };
}

/** (index, weight) pairs along one axis at a value: two neighbours on a numeric axis, the one choice otherwise. */
function corners(axis: Axis, value: number | string | boolean): [number, number][] {
  if (axis.scale === "categorical") return [[axis.values.indexOf(value as string | number), 1]];
  const logs = (axis.values as number[]).map(Math.log);
  const t = Math.log(value as number);
  let i = 0;
  while (i < logs.length - 2 && t > logs[i + 1]!) i++;
  if (logs.length === 1) return [[0, 1]];
  const w = Math.min(1, Math.max(0, (t - logs[i]!) / (logs[i + 1]! - logs[i]!)));
  return [
    [i, 1 - w],
    [i + 1, w],
  ];
}

/** The multilinear interpolant of per-point values `at` (indexed like the table's curves) at a configuration. */
function interpolate(axes: readonly Axis[], at: (point: number) => number, p: Params): number {
  let cells: [number, number][] = [[0, 1]];
  for (const axis of axes) {
    const c = corners(axis, p[axis.name]!);
    cells = cells.flatMap(([index, weight]) =>
      c.filter(([, w]) => w > 0).map(([i, w]): [number, number] => [index * axis.values.length + i, weight * w]),
    );
  }
  return cells.reduce((s, [point, w]) => s + w * at(point), 0);
}

/** The grid point of a flat index, as a configuration. */
function pointParams(axes: readonly Axis[], index: number): Params {
  const p: Params = {};
  for (let a = axes.length - 1; a >= 0; a--) {
    const axis = axes[a]!;
    p[axis.name] = axis.values[index % axis.values.length]!;
    index = Math.floor(index / axis.values.length);
  }
  return p;
}

/** −(the best epoch's NDCG) over the grid's axes: what a study that keeps each trial's best epoch tunes. */
export function recordedBest(key: string, table: RecordedTable): SuiteProblem {
  const best = table.curves.map((c) => Math.max(...c));
  const top = best.indexOf(Math.max(...best));
  return {
    key,
    family: "recorded",
    space: Object.fromEntries(table.axes.map((a) => [a.name, paramOf(a)])),
    f: (p) => -interpolate(table.axes, (i) => best[i]!, p),
    optimum: -best[top]!,
    argmin: pointParams(table.axes, top),
  };
}

/**
 * −NDCG after `epochs` epochs (an int parameter, 1 to the recorded length): the training length is tuned too,
 * and a fast learning rate that peaks early and then overfits is a different landscape from the best-epoch one.
 */
export function recordedEpochs(key: string, table: RecordedTable): SuiteProblem {
  const flat = table.curves.flatMap((c, i) => c.map((v, e) => ({ i, e, v })));
  const top = flat.reduce((a, b) => (b.v > a.v ? b : a));
  return {
    key,
    family: "recorded",
    space: {
      ...Object.fromEntries(table.axes.map((a) => [a.name, paramOf(a)])),
      epochs: { type: "int", low: 1, high: table.epochs },
    },
    f: (p) => -interpolate(table.axes, (i) => table.curves[i]![(p.epochs as number) - 1]!, p),
    optimum: -top.v,
    argmin: { ...pointParams(table.axes, top.i), epochs: top.e + 1 },
  };
}

/**
 * What a study that reports each trial's last epoch sees: the mean of the last three epochs' NDCG as the truth,
 * observed with the recorded epoch-to-epoch spread (their standard deviation, interpolated like the values) as
 * noise, which is largest where the learning rate is high enough for the curve to oscillate.
 */
export function recordedLastEpochs(key: string, table: RecordedTable): SuiteProblem {
  const last = table.curves.map((c) => c.slice(-3));
  const mean = last.map((v) => v.reduce((s, x) => s + x, 0) / v.length);
  const sd = last.map((v, i) => Math.sqrt(v.reduce((s, x) => s + (x - mean[i]!) ** 2, 0) / v.length));
  const top = mean.indexOf(Math.max(...mean));
  return {
    key,
    family: "recorded",
    space: Object.fromEntries(table.axes.map((a) => [a.name, paramOf(a)])),
    f: (p) => -interpolate(table.axes, (i) => mean[i]!, p),
    noiseSd: (p) => interpolate(table.axes, (i) => sd[i]!, p),
    optimum: -mean[top]!,
    argmin: pointParams(table.axes, top),
  };
}
