/**
 * Integer-valued plateaus: objectives constant over wide cells, where a model sees many ties and
 * the good group is decided by the tie-breaking order.
 */
import type { Params, SearchSpace } from "../../src/index.js";
import { instanceRng, type SuiteProblem } from "./problem.js";

/** Six ints in [0, 30]; each contributes floor(|x - c| / 3): cells three wide. */
function intCells(): SuiteProblem {
  const key = "plateau-int-6";
  const rng = instanceRng(key);
  const c = Array.from({ length: 6 }, () => 2 + rng.int(27));
  const space: SearchSpace = Object.fromEntries(c.map((_, i) => [`n${i}`, { type: "int", low: 0, high: 30 }]));
  const f = (p: Params): number => c.reduce((s, ci, i) => s + Math.floor(Math.abs((p[`n${i}`] as number) - ci) / 3), 0);
  return { key, family: "plateau", space, f, optimum: 0, argmin: Object.fromEntries(c.map((ci, i) => [`n${i}`, ci])) };
}

/** BBOB's step ellipsoid idea on floats: the value counts rounded distances, scaled per axis. */
function stepEllipsoid(): SuiteProblem {
  const key = "plateau-step-5";
  const rng = instanceRng(key);
  const d = 5;
  const xopt = Array.from({ length: d }, () => -4 + 8 * rng.next());
  const space: SearchSpace = Object.fromEntries(xopt.map((_, i) => [`x${i}`, { type: "float", low: -5, high: 5 }]));
  const f = (p: Params): number =>
    xopt.reduce((s, o, i) => s + 10 ** ((2 * i) / (d - 1)) * Math.round((p[`x${i}`] as number) - o) ** 2, 0);
  return { key, family: "plateau", space, f, optimum: 0, argmin: Object.fromEntries(xopt.map((o, i) => [`x${i}`, o])) };
}

/** Recommender-shaped ints: log-scaled sizes and a stepped epoch count, scored in whole units. */
function logIntCells(): SuiteProblem {
  const key = "plateau-log-int";
  const rng = instanceRng(key);
  const dim = 3 + rng.int(8);
  const batch = 5 + rng.int(7);
  const epochs = 5 * (2 + rng.int(38));
  const space: SearchSpace = {
    dim: { type: "int", low: 2, high: 4096, log: true },
    batch: { type: "int", low: 16, high: 16384, log: true },
    epochs: { type: "int", low: 5, high: 200, step: 5 },
    layers: { type: "int", low: 1, high: 8 },
  };
  const layers = 1 + rng.int(8);
  const f = (p: Params): number =>
    Math.abs(Math.round(Math.log2(p.dim as number)) - dim) +
    Math.abs(Math.round(Math.log2(p.batch as number)) - batch) +
    Math.floor(Math.abs((p.epochs as number) - epochs) / 20) +
    Math.abs((p.layers as number) - layers);
  return {
    key,
    family: "plateau",
    space,
    f,
    optimum: 0,
    argmin: { dim: 2 ** dim, batch: 2 ** batch, epochs, layers },
  };
}

export const PLATEAU: SuiteProblem[] = [intCells(), stepEllipsoid(), logIntCells()];
