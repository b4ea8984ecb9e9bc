import { minimizeLbfgs } from "../math/lbfgs.js";
import { dLogHdz, logH } from "../math/normal.js";
import type { Rng } from "../rng.js";
import type { GpEncoding } from "./encoding.js";
import type { GpPosterior } from "./model.js";

/** log EI below `best` of a normal with this mean and standard deviation. */
const logEiOf = (best: number, mean: number, sd: number): number => Math.log(sd) + logH((best - mean) / sd);

/** log expected improvement below `best` (standardized units) at x, with its gradient when asked. */
export function logEi(gp: GpPosterior, best: number, x: ArrayLike<number>, grad?: Float64Array): number {
  const d = x.length;
  const g = grad ? { dMean: new Float64Array(d), dVar: new Float64Array(d) } : undefined;
  const { mean, variance } = gp.predict(x, g);
  const sd = Math.sqrt(variance);
  const z = (best - mean) / sd;
  const value = logEiOf(best, mean, sd);
  if (grad && g) {
    // log EI = log σ + log h(z), z = (best - μ)/σ: d/dx = dσ/σ + h'/h (-dμ/σ - z dσ/σ), dσ = dVar / (2σ).
    const slope = dLogHdz(z);
    for (let q = 0; q < d; q++) {
      const dSd = g.dVar[q]! / (2 * sd);
      grad[q] = dSd / sd + slope * (-g.dMean[q]! / sd - (z * dSd) / sd);
    }
  }
  return value;
}

/**
 * The `k` candidates of highest log-EI, best first: the same as scoring every candidate and sorting, at less
 * cost. EI grows with σ at a fixed mean, and no posterior variance exceeds the prior's, so the O(n) mean with
 * the prior's σ bounds a candidate's EI from above; candidates are scored exactly (O(n²)) in the order of their
 * bounds, until the next bound cannot beat the k-th exact value.
 */
export function topByLogEi(
  gp: GpPosterior,
  best: number,
  candidates: readonly Float64Array[],
  k: number,
): { x: Float64Array; value: number }[] {
  const bounds = candidates
    .map((x, i) => {
      const { mean, varianceBound } = gp.meanAndVarianceBound(x);
      return { i, bound: logEiOf(best, mean, Math.sqrt(Math.max(varianceBound, 1e-12))) };
    })
    .sort((a, b) => b.bound - a.bound || a.i - b.i);
  const top: { i: number; x: Float64Array; value: number }[] = [];
  for (const { i, bound } of bounds) {
    if (top.length >= k && bound < top[k - 1]!.value) break;
    const x = candidates[i]!;
    top.push({ i, x, value: logEi(gp, best, x) });
    // Candidate order breaks ties, as the stable sort of every candidate did.
    top.sort((a, b) => b.value - a.value || a.i - b.i);
    if (top.length > k) top.pop();
  }
  return top.map(({ x, value }) => ({ x, value }));
}

export interface AcquisitionBudget {
  /** Random points scored before the local search. */
  readonly nRandom: number;
  /** Local searches (L-BFGS over the numeric coordinates) started from the best points found. */
  readonly nLocal: number;
  readonly localIterations: number;
}

/**
 * Maximizes log-EI: score random points and perturbations of the best observed points, then refine the
 * best few by L-BFGS on the numeric coordinates (categoricals stay at their one-hot value), snapping each
 * result to the legal grid. Returns the best point found.
 */
export function maximizeLogEi(
  gp: GpPosterior,
  enc: GpEncoding,
  best: number,
  incumbents: readonly Float64Array[],
  rng: Rng,
  budget: AcquisitionBudget,
): Float64Array {
  const candidates: Float64Array[] = [];
  for (let i = 0; i < budget.nRandom; i++) {
    const x = new Float64Array(enc.size);
    for (let q = 0; q < enc.size; q++) x[q] = rng.next();
    candidates.push(enc.snap(x));
  }
  for (const inc of incumbents) {
    for (let i = 0; i < 20; i++) {
      const x = Float64Array.from(inc, (v, q) =>
        enc.continuous[q] ? Math.min(1, Math.max(0, v + 0.05 * rng.normal())) : v,
      );
      candidates.push(enc.snap(x));
    }
  }
  const scored = topByLogEi(gp, best, candidates, Math.max(1, budget.nLocal));
  let winner = scored[0]!;
  const lower = enc.continuous.map(() => 0);
  const upper = enc.continuous.map(() => 1);
  for (const start of scored.slice(0, budget.nLocal)) {
    const fixed = start.x;
    const { x } = minimizeLbfgs(
      (v) => {
        const grad = new Float64Array(v.length);
        // Only numeric coordinates move: pin the one-hot ones to the start point's choices.
        for (let q = 0; q < v.length; q++) if (!enc.continuous[q]) v[q] = fixed[q]!;
        const value = -logEi(gp, best, v, grad);
        for (let q = 0; q < v.length; q++) grad[q] = enc.continuous[q] ? -grad[q]! : 0;
        return { value, grad };
      },
      fixed,
      { maxIterations: budget.localIterations, lower, upper, gradTolerance: 1e-6 },
    );
    const snapped = enc.snap(x);
    const value = logEi(gp, best, snapped);
    if (value > winner.value) winner = { x: snapped, value };
  }
  return winner.x;
}
