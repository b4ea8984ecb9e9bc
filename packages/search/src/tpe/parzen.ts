import { normCdf } from "../math/normal.js";
import type { Rng } from "../rng.js";
import { fromInternal, internalBounds, toInternal } from "../space/transform.js";
import type { CategoricalParam, FloatParam, IntParam, Params } from "../space/types.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

type NumericDef = FloatParam | IntParam;

/** One dimension of a Parzen estimator: a parameter and where its kernels live. */
export type ParzenDim =
  | { readonly kind: "numeric"; readonly name: string; readonly def: NumericDef; readonly lo: number; readonly hi: number; readonly discrete: boolean }
  | { readonly kind: "categorical"; readonly name: string; readonly def: CategoricalParam };

export function parzenDim(name: string, def: NumericDef | CategoricalParam): ParzenDim {
  if (def.type === "categorical") return { kind: "categorical", name, def };
  const [lo, hi] = internalBounds(def);
  return { kind: "numeric", name, def, lo, hi, discrete: def.type === "int" || def.step !== undefined };
}

/** The internal-coordinate cell a discrete value stands for: its probability mass is the kernel's mass there. */
function cell(dim: Extract<ParzenDim, { kind: "numeric" }>, v: number): [number, number] {
  const def = dim.def;
  const [a, b] = def.log ? [Math.log(v - 0.5), Math.log(v + 0.5)] : [v - 0.5 * (def.step ?? 1), v + 0.5 * (def.step ?? 1)];
  return [Math.max(dim.lo, a), Math.min(dim.hi, b)];
}

/** log(Φ(b) - Φ(a)) for a < b, computed on the side of the distribution where it does not cancel. */
function logMass(a: number, b: number): number {
  const m = a > 0 ? normCdf(-a) - normCdf(-b) : normCdf(b) - normCdf(a);
  return Math.log(Math.max(m, 1e-300));
}

interface NumericKernels {
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  /** -log σ - log Z - log √(2π): the constant of each truncated kernel's log density. */
  readonly logNorm: Float64Array;
  /** log Z, Z the kernel's mass inside [lo, hi]. */
  readonly logZ: Float64Array;
}

export interface ParzenOptions {
  readonly priorWeight: number;
  /** Multivariate: one bandwidth per dimension by Scott's rule; univariate: nearest-neighbour bandwidths. */
  readonly multivariate: boolean;
}

/**
 * A weighted mixture of product kernels over a set of parameters (one kernel per observation plus a prior
 * kernel that covers the whole range) — the l(x) and g(x) densities of the tree-structured Parzen estimator.
 * Numeric parameters get truncated normals in internal coordinates (log space for log parameters; discrete
 * ones are scored by the mass of their cell); categorical ones get smoothed one-hot tables.
 */
export class ParzenEstimator {
  private readonly logWeights: Float64Array;
  private readonly numeric = new Map<string, NumericKernels>();
  private readonly categorical = new Map<string, Float64Array[]>();
  private readonly k: number;

  constructor(
    readonly dims: readonly ParzenDim[],
    observations: readonly Params[],
    weights: readonly number[],
    opts: ParzenOptions,
  ) {
    const n = observations.length;
    this.k = n + 1;
    const w = [...weights, opts.priorWeight];
    const total = w.reduce((s, x) => s + x, 0);
    this.logWeights = Float64Array.from(w, (x) => Math.log(x / total));
    for (const dim of dims) {
      if (dim.kind === "categorical") {
        const c = dim.def.choices.length;
        // Each kernel: its observed choice, plus prior mass spread evenly (the prior kernel is uniform).
        const smoothing = opts.priorWeight / this.k;
        const tables = observations.map((o) => {
          const t = new Float64Array(c).fill(smoothing);
          t[dim.def.choices.indexOf(o[dim.name]!)]! += 1;
          const s = 1 + smoothing * c;
          return t.map((p) => Math.log(p / s));
        });
        tables.push(new Float64Array(c).fill(-Math.log(c)));
        this.categorical.set(dim.name, tables);
        continue;
      }
      const range = dim.hi - dim.lo;
      const mu = new Float64Array(this.k);
      observations.forEach((o, i) => (mu[i] = toInternal(dim.def, o[dim.name] as number)));
      mu[n] = 0.5 * (dim.lo + dim.hi);
      const sigma = opts.multivariate ? scottSigmas(n, dims.length, range) : neighbourSigmas(mu, dim.lo, dim.hi);
      // The "magic clip": no kernel narrower than range / min(100, kernels), so that a few close points do
      // not collapse the density to spikes.
      const minSigma = range / Math.min(100, 1 + this.k);
      for (let i = 0; i < this.k; i++) sigma[i] = Math.min(range, Math.max(minSigma, sigma[i]!));
      sigma[n] = range;
      const logZ = new Float64Array(this.k);
      const logNorm = new Float64Array(this.k);
      for (let i = 0; i < this.k; i++) {
        logZ[i] = logMass((dim.lo - mu[i]!) / sigma[i]!, (dim.hi - mu[i]!) / sigma[i]!);
        logNorm[i] = -Math.log(sigma[i]!) - logZ[i]! - LOG_SQRT_2PI;
      }
      this.numeric.set(dim.name, { mu, sigma, logNorm, logZ });
    }
  }

  /** Draws one configuration over this estimator's parameters. */
  sample(rng: Rng): Params {
    let u = rng.next();
    let comp = this.k - 1;
    for (let i = 0; i < this.k; i++) {
      u -= Math.exp(this.logWeights[i]!);
      if (u < 0) {
        comp = i;
        break;
      }
    }
    const out: Params = {};
    for (const dim of this.dims) {
      if (dim.kind === "categorical") {
        const table = this.categorical.get(dim.name)![comp]!;
        let v = rng.next();
        let pick = table.length - 1;
        for (let c = 0; c < table.length; c++) {
          v -= Math.exp(table[c]!);
          if (v < 0) {
            pick = c;
            break;
          }
        }
        out[dim.name] = dim.def.choices[pick]!;
      } else {
        const kern = this.numeric.get(dim.name)!;
        out[dim.name] = fromInternal(dim.def, truncatedNormal(rng, kern.mu[comp]!, kern.sigma[comp]!, dim.lo, dim.hi));
      }
    }
    return out;
  }

  /** log density (mass, for discrete parameters) of each configuration under the mixture. */
  logPdf(points: readonly Params[]): Float64Array {
    const m = points.length;
    // acc[j * k + i]: log weight of component i plus its log kernels at point j, summed over dimensions.
    const acc = new Float64Array(m * this.k);
    for (let j = 0; j < m; j++) acc.set(this.logWeights, j * this.k);
    for (const dim of this.dims) {
      if (dim.kind === "categorical") {
        const tables = this.categorical.get(dim.name)!;
        for (let j = 0; j < m; j++) {
          const c = dim.def.choices.indexOf(points[j]![dim.name]!);
          for (let i = 0; i < this.k; i++) acc[j * this.k + i]! += tables[i]![c]!;
        }
        continue;
      }
      const { mu, sigma, logNorm, logZ } = this.numeric.get(dim.name)!;
      for (let j = 0; j < m; j++) {
        const v = points[j]![dim.name] as number;
        const base = j * this.k;
        if (dim.discrete) {
          const [a, b] = cell(dim, v);
          for (let i = 0; i < this.k; i++) {
            const s = sigma[i]!;
            acc[base + i]! += logMass((a - mu[i]!) / s, (b - mu[i]!) / s) - logZ[i]!;
          }
        } else {
          const x = toInternal(dim.def, v);
          for (let i = 0; i < this.k; i++) {
            const z = (x - mu[i]!) / sigma[i]!;
            acc[base + i]! += logNorm[i]! - 0.5 * z * z;
          }
        }
      }
    }
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let max = -Infinity;
      for (let i = 0; i < this.k; i++) max = Math.max(max, acc[j * this.k + i]!);
      let s = 0;
      for (let i = 0; i < this.k; i++) s += Math.exp(acc[j * this.k + i]! - max);
      out[j] = max + Math.log(s);
    }
    return out;
  }
}

/** Scott's-rule bandwidth for a d-dimensional kernel density with n points. */
function scottSigmas(n: number, d: number, range: number): Float64Array {
  return new Float64Array(n + 1).fill(0.2 * Math.max(n, 1) ** (-1 / (d + 4)) * range);
}

/** Each kernel as wide as the larger gap to its sorted neighbours (the outermost use their inner gap). */
function neighbourSigmas(mu: Float64Array, lo: number, hi: number): Float64Array {
  const k = mu.length;
  const order = Array.from(mu.keys()).sort((a, b) => mu[a]! - mu[b]! || a - b);
  const sorted = order.map((i) => mu[i]!);
  const sigma = new Float64Array(k);
  order.forEach((idx, r) => {
    const left = r > 0 ? sorted[r]! - sorted[r - 1]! : undefined;
    const right = r < k - 1 ? sorted[r + 1]! - sorted[r]! : undefined;
    sigma[idx] = left === undefined ? (right ?? hi - lo) : right === undefined ? left : Math.max(left, right);
  });
  return sigma;
}

/** A normal draw restricted to [lo, hi] by rejection; σ ≥ range/100 and μ inside keep acceptance high. */
function truncatedNormal(rng: Rng, mu: number, sigma: number, lo: number, hi: number): number {
  for (let i = 0; i < 100; i++) {
    const x = mu + sigma * rng.normal();
    if (x >= lo && x <= hi) return x;
  }
  return Math.min(hi, Math.max(lo, mu));
}
