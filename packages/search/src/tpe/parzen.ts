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

/** Φ(b) - Φ(a) for a < b, computed on the side of the distribution where it does not cancel. */
function mass(a: number, b: number): number {
  if (a < -10 && b > 10) return 1;
  if (a > 10 || b < -10) return 0;
  return a > 0 ? normCdf(-a) - normCdf(-b) : normCdf(b) - normCdf(a);
}

const logMass = (a: number, b: number): number => Math.log(Math.max(mass(a, b), 1e-300));

interface NumericKernels {
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  /** -log σ - log Z - log √(2π): the constant of each truncated kernel's log density. */
  readonly logNorm: Float64Array;
  /** log Z, Z the kernel's mass inside [lo, hi]. */
  readonly logZ: Float64Array;
}

interface CategoricalKernels {
  /** The choice index each observation kernel is centred on. */
  readonly observed: Int32Array;
  readonly logHit: number;
  readonly logMiss: number;
  /** log(1/C): the prior kernel is uniform. */
  readonly logPrior: number;
}

/** log probability of choice `c` under kernel `i` (the last kernel is the prior). */
function categoricalLogP(kern: CategoricalKernels, i: number, c: number): number {
  if (i >= kern.observed.length) return kern.logPrior;
  return kern.observed[i] === c ? kern.logHit : kern.logMiss;
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
  private readonly categorical = new Map<string, CategoricalKernels>();
  private readonly k: number;

  constructor(
    readonly dims: readonly ParzenDim[],
    observations: readonly Params[],
    weights: ArrayLike<number>,
    opts: ParzenOptions,
  ) {
    const n = observations.length;
    this.k = n + 1;
    let total = opts.priorWeight;
    for (let i = 0; i < n; i++) total += weights[i]!;
    this.logWeights = new Float64Array(this.k);
    for (let i = 0; i < n; i++) this.logWeights[i] = Math.log(weights[i]! / total);
    this.logWeights[n] = Math.log(opts.priorWeight / total);
    for (const dim of dims) {
      if (dim.kind === "categorical") {
        // Kernel i puts (smoothing + 1) on its observed choice and `smoothing` on every other, normalized;
        // the prior kernel is uniform. Stored as observed indices, not tables: g(x) has ~n kernels.
        const smoothing = opts.priorWeight / this.k;
        const c = dim.def.choices.length;
        const observed = Int32Array.from(observations, (o) => dim.def.choices.indexOf(o[dim.name]!));
        this.categorical.set(dim.name, {
          observed,
          logHit: Math.log((smoothing + 1) / (1 + smoothing * c)),
          logMiss: Math.log(smoothing / (1 + smoothing * c)),
          logPrior: -Math.log(c),
        });
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
        const kern = this.categorical.get(dim.name)!;
        const n = dim.def.choices.length;
        let v = rng.next();
        let pick = n - 1;
        for (let c = 0; c < n; c++) {
          v -= Math.exp(categoricalLogP(kern, comp, c));
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
    const only = this.dims[0];
    return this.dims.length === 1 && only ? this.logPdf1(only, points) : this.logPdfJoint(points);
  }

  /**
   * One parameter: sum the mixture in linear space, one exp per component. Safe from underflow because the
   * prior kernel spans the whole range, so at least one term is never tiny. This is TPE's hot loop.
   */
  private logPdf1(dim: ParzenDim, points: readonly Params[]): Float64Array {
    const out = new Float64Array(points.length);
    const w = this.logWeights.map(Math.exp);
    if (dim.kind === "categorical") {
      const kern = this.categorical.get(dim.name)!;
      const mix = dim.def.choices.map((_, c) => {
        let s = 0;
        for (let i = 0; i < this.k; i++) s += w[i]! * Math.exp(categoricalLogP(kern, i, c));
        return s;
      });
      points.forEach((p, j) => (out[j] = Math.log(mix[dim.def.choices.indexOf(p[dim.name]!)]!)));
      return out;
    }
    const { mu, sigma, logNorm, logZ } = this.numeric.get(dim.name)!;
    const k = this.k;
    const inv = sigma.map((s) => 1 / s);
    if (dim.discrete) {
      const coef = logZ.map((lz, i) => w[i]! * Math.exp(-lz));
      points.forEach((p, j) => {
        const [a, b] = cell(dim, p[dim.name] as number);
        let s = 0;
        for (let i = 0; i < k; i++) s += coef[i]! * mass((a - mu[i]!) * inv[i]!, (b - mu[i]!) * inv[i]!);
        out[j] = Math.log(Math.max(s, 1e-300));
      });
      return out;
    }
    const coef = logNorm.map((ln, i) => w[i]! * Math.exp(ln));
    for (let j = 0; j < points.length; j++) {
      const x = toInternal(dim.def, points[j]![dim.name] as number);
      out[j] = Math.log(Math.max(gaussianSum(x, mu, inv, coef, k), 1e-300));
    }
    return out;
  }

  private logPdfJoint(points: readonly Params[]): Float64Array {
    const m = points.length;
    // acc[j * k + i]: log weight of component i plus its log kernels at point j, summed over dimensions.
    const acc = new Float64Array(m * this.k);
    for (let j = 0; j < m; j++) acc.set(this.logWeights, j * this.k);
    for (const dim of this.dims) {
      if (dim.kind === "categorical") {
        const kern = this.categorical.get(dim.name)!;
        for (let j = 0; j < m; j++) {
          const c = dim.def.choices.indexOf(points[j]![dim.name]!);
          for (let i = 0; i < this.k; i++) acc[j * this.k + i]! += categoricalLogP(kern, i, c);
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

/** Σ coef_i exp(-½ ((x - μ_i) / σ_i)²), the inner loop of the univariate density. */
function gaussianSum(x: number, mu: Float64Array, inv: Float64Array, coef: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) {
    const z = (x - mu[i]!) * inv[i]!;
    // Beyond 10σ a kernel adds < e^-50 of its weight: skip the exp (most kernels of g(x) are that far).
    const z2 = z * z;
    if (z2 < 100) s += coef[i]! * Math.exp(-0.5 * z2);
  }
  return s;
}

/** Scott's-rule bandwidth for a d-dimensional kernel density with n points. */
function scottSigmas(n: number, d: number, range: number): Float64Array {
  return new Float64Array(n + 1).fill(0.2 * Math.max(n, 1) ** (-1 / (d + 4)) * range);
}

/** Each kernel as wide as the larger gap to its sorted neighbours (the outermost use their inner gap). */
function neighbourSigmas(mu: Float64Array, lo: number, hi: number): Float64Array {
  const k = mu.length;
  // A typed index array sorts several times faster than a plain one; this runs per parameter per ask.
  const order = new Uint32Array(k);
  for (let i = 0; i < k; i++) order[i] = i;
  order.sort((a, b) => mu[a]! - mu[b]! || a - b);
  const sigma = new Float64Array(k);
  if (k === 1) return sigma.fill(hi - lo);
  for (let r = 0; r < k; r++) {
    const here = mu[order[r]!]!;
    const left = r > 0 ? here - mu[order[r - 1]!]! : -Infinity;
    const right = r < k - 1 ? mu[order[r + 1]!]! - here : -Infinity;
    sigma[order[r]!] = Math.max(left, right);
  }
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
