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
  /** -log σ (with "density" scoring) - log Z - log √(2π): the constant of each kernel's log score. */
  readonly logNorm: Float64Array;
  /** log Z, Z the kernel's mass inside [lo, hi]. */
  readonly logZ: Float64Array;
  /** The centres in ascending order, and the kernel at each rank: for scanning only the nearby kernels. */
  readonly sortedMu: Float64Array;
  readonly byRank: Int32Array;
  /** The widest observation kernel (the prior kernel, last, is excluded). */
  readonly maxSigma: number;
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
  /**
   * How a continuous kernel scores a point. "density": the truncated normal density, 1/σ factor included.
   * "height": without the 1/σ factor, so a kernel counts by how close the point is in its own bandwidth,
   * not by how narrow it is, and clusters of nearby trials do not turn into spikes. "height" is what
   * Optuna 3.1's TPE computes (its truncated-normal log-pdf leaves out log σ) and scored better on every
   * benchmark problem here (bench/samplers.ts); discrete parameters are scored by cell mass either way.
   */
  readonly scoring: "height" | "density";
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
      const order = ranks(mu);
      const sigma = opts.multivariate ? scottSigmas(n, dims.length, range) : neighbourSigmas(mu, order, dim.lo, dim.hi);
      // The "magic clip": no kernel narrower than range / min(100, kernels), so that a few close points do
      // not collapse the density to spikes.
      const minSigma = range / Math.min(100, 1 + this.k);
      for (let i = 0; i < this.k; i++) sigma[i] = Math.min(range, Math.max(minSigma, sigma[i]!));
      sigma[n] = range;
      const logZ = new Float64Array(this.k);
      const logNorm = new Float64Array(this.k);
      for (let i = 0; i < this.k; i++) {
        logZ[i] = logMass((dim.lo - mu[i]!) / sigma[i]!, (dim.hi - mu[i]!) / sigma[i]!);
        logNorm[i] = (opts.scoring === "density" ? -Math.log(sigma[i]!) : 0) - logZ[i]! - LOG_SQRT_2PI;
      }
      const byRank = new Int32Array(this.k);
      for (let i = 0; i < this.k; i++) byRank[order.rank[i]!] = i;
      let maxSigma = 0;
      for (let i = 0; i < n; i++) maxSigma = Math.max(maxSigma, sigma[i]!);
      this.numeric.set(dim.name, { mu, sigma, logNorm, logZ, sortedMu: order.sorted, byRank, maxSigma });
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

  /** log score (density or height, see ParzenOptions.scoring; mass for discrete parameters) of each configuration. */
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
    const kern = this.numeric.get(dim.name)!;
    for (let j = 0; j < points.length; j++) {
      const x = toInternal(dim.def, points[j]![dim.name] as number);
      out[j] = Math.log(Math.max(gaussianSum(x, kern, inv, coef), 1e-300));
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

/**
 * Σ coef_i exp(-½ ((x - μ_i) / σ_i)²), the inner loop of the univariate density. Kernels more than 10σ away
 * add < e^-50 of their weight, so only the centres within 10 × (widest observation kernel) of x are visited,
 * outwards from x in sorted order; the prior kernel (the last) is always added.
 */
function gaussianSum(x: number, kern: NumericKernels, inv: Float64Array, coef: Float64Array): number {
  const { mu, sortedMu, byRank, maxSigma } = kern;
  const k = mu.length;
  const prior = k - 1;
  const reach = 10 * maxSigma;
  const term = (i: number): number => {
    const z = (x - mu[i]!) * inv[i]!;
    const z2 = z * z;
    return z2 < 100 ? coef[i]! * Math.exp(-0.5 * z2) : 0;
  };
  let s = term(prior);
  const a = lowerBound(sortedMu, x);
  for (let r = a - 1; r >= 0 && x - sortedMu[r]! <= reach; r--) if (byRank[r] !== prior) s += term(byRank[r]!);
  for (let r = a; r < k && sortedMu[r]! - x <= reach; r++) if (byRank[r] !== prior) s += term(byRank[r]!);
  return s;
}

/** Scott's-rule bandwidth for a d-dimensional kernel density with n points. */
function scottSigmas(n: number, d: number, range: number): Float64Array {
  return new Float64Array(n + 1).fill(0.2 * Math.max(n, 1) ** (-1 / (d + 4)) * range);
}

/** The first index of an ascending array whose value is >= x (binary search). */
function lowerBound(sorted: Float64Array, x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * The rank of each value in sorted order (ties by index), with the sorted values: a native numeric sort, a
 * binary search for the first equal value and a per-value count of the copies already placed. A comparator
 * sort here dominated the cost of g(x) at a thousand trials.
 */
function ranks(mu: Float64Array): { sorted: Float64Array; rank: Int32Array } {
  const k = mu.length;
  const sorted = Float64Array.from(mu).sort();
  const placed = new Int32Array(k);
  const rank = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const a = lowerBound(sorted, mu[i]!);
    rank[i] = a + placed[a]!++;
  }
  return { sorted, rank };
}

/** Each kernel as wide as the larger gap to its sorted neighbours (the outermost use their inner gap). */
function neighbourSigmas(mu: Float64Array, order: { sorted: Float64Array; rank: Int32Array }, lo: number, hi: number): Float64Array {
  const k = mu.length;
  const { sorted, rank } = order;
  const sigma = new Float64Array(k);
  if (k === 1) return sigma.fill(hi - lo);
  for (let i = 0; i < k; i++) {
    const r = rank[i]!;
    const left = r > 0 ? mu[i]! - sorted[r - 1]! : -Infinity;
    const right = r < k - 1 ? sorted[r + 1]! - mu[i]! : -Infinity;
    sigma[i] = Math.max(left, right);
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
