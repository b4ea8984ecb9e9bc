import { normCdf } from "../math/normal.js";
import { lowerBound } from "../math/sorted.js";
import type { Rng } from "../rng.js";
import { fromInternal, internalBounds, toInternal } from "../space/transform.js";
import type { CategoricalParam, FloatParam, IntParam } from "../space/types.js";

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/**
 * Kernels further than this many of their bandwidths from a point add < e^-18 of their weight, far below
 * the prior kernel's share of the density: skipped.
 */
const REACH = 6;

type NumericDef = FloatParam | IntParam;

/**
 * One dimension of a Parzen estimator. Values travel as numbers: numeric parameters in internal coordinates
 * (log space for log parameters), categorical ones as the index of the choice.
 */
export type ParzenDim =
  | {
      readonly kind: "numeric";
      readonly name: string;
      readonly def: NumericDef;
      /** Where the kernels live: the internal bounds, widened by half a step for discrete parameters. */
      readonly lo: number;
      readonly hi: number;
      /** Half the width of a value's cell in linear space (0: continuous); log ints use [v - ½, v + ½]. */
      readonly halfStep: number;
    }
  | { readonly kind: "categorical"; readonly name: string; readonly def: CategoricalParam };

export function parzenDim(name: string, def: NumericDef | CategoricalParam): ParzenDim {
  if (def.type === "categorical") return { kind: "categorical", name, def };
  const halfStep = def.type === "int" || def.step !== undefined ? 0.5 * (def.step ?? 1) : 0;
  const [lo, hi] = internalBounds(def);
  // internalBounds widens ints only; a float on a step grid gets the same half-cell at each end, so that
  // the end values are as likely as the interior ones (as Optuna does).
  const pad = def.type === "float" && halfStep > 0 ? halfStep : 0;
  return { kind: "numeric", name, def, lo: lo - pad, hi: hi + pad, halfStep };
}

/** A value's cell, in internal coordinates clipped to the kernels' range: its probability is the mass there. */
function cellBounds(dim: Extract<ParzenDim, { kind: "numeric" }>, x: number): [number, number] {
  if (dim.def.log) {
    const v = Math.exp(x);
    return [Math.max(dim.lo, Math.log(v - dim.halfStep)), Math.min(dim.hi, Math.log(v + dim.halfStep))];
  }
  return [Math.max(dim.lo, x - dim.halfStep), Math.min(dim.hi, x + dim.halfStep)];
}

/** Φ(b) - Φ(a) for a < b, computed on the side of the distribution where it does not cancel. */
function mass(a: number, b: number): number {
  if (a < -10 && b > 10) return 1;
  if (a > 10 || b < -10) return 0;
  return a > 0 ? normCdf(-a) - normCdf(-b) : normCdf(b) - normCdf(a);
}

const logMass = (a: number, b: number): number => Math.log(Math.max(mass(a, b), 1e-300));

export interface ParzenOptions {
  readonly priorWeight: number;
  /**
   * How a continuous kernel scores a point. "density": the truncated normal density, 1/σ factor included.
   * "height": without the 1/σ factor, so a kernel counts by how close the point is in its own bandwidth,
   * not by how narrow it is, and clusters of nearby trials do not turn into spikes. "height" is what
   * Optuna 3.1's TPE computes (its truncated-normal log-pdf leaves out log σ) and scored better on every
   * benchmark problem here (bench/samplers.ts); discrete parameters are scored by cell mass either way.
   */
  readonly scoring: "height" | "density";
  /**
   * The magic clip's exponent: no kernel narrower than range / min(100, kernels + 1)^clipExponent. 1 is
   * Optuna 3.1's floor; above 1 the floor shrinks faster as observations accumulate (Watanabe 2023's
   * magic-clip exponent), so the good group's ~10 kernels can concentrate finer than a twelfth of the range.
   */
  readonly clipExponent: number;
}

interface NumericKernels {
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  readonly invSigma: Float64Array;
  /**
   * Each kernel's factor in the one-dimensional linear-space sums: weight / Z (Z its mass inside [lo, hi])
   * for discrete parameters, scored by cell mass; that / √(2π) (and / σ with "density" scoring) for
   * continuous ones, scored by height.
   */
  readonly coef: Float64Array;
  /** The widest observation kernel (the prior kernel excluded): how far from a point kernels can matter. */
  readonly maxSigma: number;
}

interface CategoricalKernels {
  /** The choice index each component is centred on; -1 for the prior component (uniform). */
  readonly centre: Int32Array;
  readonly pHit: number;
  readonly pMiss: number;
}

/**
 * A weighted mixture of product kernels over a set of parameters, one component per observation plus a
 * prior component that covers the whole range — the l(x) and g(x) densities of the tree-structured Parzen
 * estimator. Numeric parameters get truncated normals (discrete ones are scored by the mass of their
 * cell); categorical ones get smoothed one-hot tables.
 *
 * One dimension: the observations come sorted, each kernel is as wide as the larger gap to its neighbours,
 * and a point is scored by visiting only the kernels near it. Several dimensions (multivariate TPE): every
 * kernel gets Scott's-rule bandwidth (on the range, as Optuna 3.1) and scores sum in log space.
 */
export class ParzenEstimator {
  private readonly k: number;
  /** Normalized component weights and their running sum (for drawing a component). */
  private readonly weight: Float64Array;
  private readonly cumWeight: Float64Array;
  /** The prior component's index. */
  private readonly prior: number;
  private readonly numeric: (NumericKernels | undefined)[] = [];
  private readonly categorical: (CategoricalKernels | undefined)[] = [];
  private readonly density: boolean;

  /**
   * @param columns one array per dimension: the observations' values. With one numeric dimension they must
   *   be ascending (TPE keeps them sorted); otherwise in any order shared by all columns and `weights`.
   * @param weights one non-negative weight per observation (before the prior's; normalized here).
   */
  constructor(
    readonly dims: readonly ParzenDim[],
    columns: readonly Float64Array[],
    weights: Float64Array,
    opts: ParzenOptions,
  ) {
    const n = weights.length;
    this.density = opts.scoring === "density";
    let total = opts.priorWeight;
    for (let i = 0; i < n; i++) total += weights[i]!;
    const only = dims.length === 1 ? dims[0] : undefined;
    if (only?.kind === "numeric") {
      const kern = sortedKernels(only, columns[0]!, weights, opts.priorWeight, opts.clipExponent);
      this.prior = kern.prior;
      this.weight = kern.weight;
      this.numeric[0] = numericKernels(only, kern.mu, kern.sigma, kern.weight, total, opts.scoring, kern.prior);
    } else {
      // Observations in the given order, the prior last.
      this.prior = n;
      this.weight = new Float64Array(n + 1);
      this.weight.set(weights);
      this.weight[n] = opts.priorWeight;
      const k = n + 1;
      dims.forEach((dim, d) => {
        const col = columns[d]!;
        if (dim.kind === "categorical") {
          // Each observation puts (smoothing + 1) on its choice and `smoothing` on every other, normalized.
          const smoothing = opts.priorWeight / k;
          const c = dim.def.choices.length;
          const centre = new Int32Array(k);
          for (let i = 0; i < n; i++) centre[i] = col[i]!;
          centre[n] = -1;
          this.categorical[d] = {
            centre,
            pHit: (smoothing + 1) / (1 + smoothing * c),
            pMiss: smoothing / (1 + smoothing * c),
          };
          return;
        }
        const mu = new Float64Array(k);
        mu.set(col);
        mu[n] = 0.5 * (dim.lo + dim.hi);
        const range = dim.hi - dim.lo;
        const sigma = new Float64Array(k).fill(
          Math.min(range, Math.max(magicClip(range, k, opts.clipExponent), scottFactor(n, dims.length) * range)),
        );
        sigma[n] = range;
        this.numeric[d] = numericKernels(dim, mu, sigma, this.weight, total, opts.scoring, n);
      });
    }
    this.k = this.weight.length;
    this.cumWeight = new Float64Array(this.k);
    let acc = 0;
    for (let i = 0; i < this.k; i++) {
      this.weight[i]! /= total;
      this.cumWeight[i] = acc += this.weight[i]!;
    }
  }

  /** Draws m configurations: one column per dimension (discrete values snapped onto their grid). */
  sample(rng: Rng, m: number): Float64Array[] {
    const out = this.dims.map(() => new Float64Array(m));
    for (let j = 0; j < m; j++) {
      const comp = Math.min(this.k - 1, lowerBound(this.cumWeight, rng.next() * this.cumWeight[this.k - 1]!, this.k));
      this.dims.forEach((dim, d) => {
        if (dim.kind === "categorical") {
          const kern = this.categorical[d]!;
          const c = dim.def.choices.length;
          const centre = kern.centre[comp]!;
          let v = rng.next();
          let pick = c - 1;
          for (let i = 0; i < c; i++) {
            v -= centre < 0 ? 1 / c : i === centre ? kern.pHit : kern.pMiss;
            if (v < 0) {
              pick = i;
              break;
            }
          }
          out[d]![j] = pick;
          return;
        }
        const kern = this.numeric[d]!;
        const x = truncatedNormal(rng, kern.mu[comp]!, kern.sigma[comp]!, dim.lo, dim.hi);
        out[d]![j] = dim.halfStep > 0 ? toInternal(dim.def, fromInternal(dim.def, x)) : x;
      });
    }
    return out;
  }

  /** log score of each of the m configurations in `points` (columns as `sample` returns them). */
  logPdf(points: readonly Float64Array[], m: number): Float64Array {
    const only = this.dims.length === 1 ? this.dims[0] : undefined;
    if (!only) return this.logPdfJoint(points, m);
    const col = points[0]!;
    const out = new Float64Array(m);
    if (only.kind === "categorical") {
      const mix = this.categoricalMixture(only.def.choices.length);
      for (let j = 0; j < m; j++) out[j] = Math.log(mix[col[j]!]!);
      return out;
    }
    for (let j = 0; j < m; j++) out[j] = Math.log(Math.max(this.numericMixture(only, col[j]!), 1e-300));
    return out;
  }

  /** The mixture's probability of each choice: one pass over the components, no per-choice sums. */
  private categoricalMixture(c: number): Float64Array {
    const kern = this.categorical[0]!;
    const mix = new Float64Array(c);
    let observed = 0;
    for (let i = 0; i < this.k; i++) {
      const centre = kern.centre[i]!;
      if (centre < 0) continue;
      mix[centre]! += this.weight[i]! * (kern.pHit - kern.pMiss);
      observed += this.weight[i]!;
    }
    for (let i = 0; i < c; i++) mix[i]! += observed * kern.pMiss + this.weight[this.prior]! / c;
    return mix;
  }

  /**
   * One numeric parameter: the mixture summed in linear space, visiting outwards from x only the kernels
   * within REACH × (widest observation kernel); the prior kernel spans the range, so the sum never
   * underflows. This is TPE's hot loop.
   */
  private numericMixture(dim: Extract<ParzenDim, { kind: "numeric" }>, x: number): number {
    const { mu, invSigma, coef, maxSigma } = this.numeric[0]!;
    const p = this.prior;
    const k = this.k;
    const reach = REACH * maxSigma;
    // Plain loops rather than a per-kernel callback: this runs ~10^5 times per ask at a thousand trials.
    if (dim.halfStep > 0) {
      const [a, b] = cellBounds(dim, x);
      let s = coef[p]! * mass((a - mu[p]!) * invSigma[p]!, (b - mu[p]!) * invSigma[p]!);
      const start = lowerBound(mu, a, k);
      for (let i = start - 1; i >= 0 && a - mu[i]! <= reach; i--)
        if (i !== p) s += coef[i]! * mass((a - mu[i]!) * invSigma[i]!, (b - mu[i]!) * invSigma[i]!);
      for (let i = start; i < k && mu[i]! - b <= reach; i++)
        if (i !== p) s += coef[i]! * mass((a - mu[i]!) * invSigma[i]!, (b - mu[i]!) * invSigma[i]!);
      return s;
    }
    const cut = REACH * REACH;
    let z = (x - mu[p]!) * invSigma[p]!;
    let s = coef[p]! * Math.exp(-0.5 * z * z);
    const start = lowerBound(mu, x, k);
    for (let i = start - 1; i >= 0 && x - mu[i]! <= reach; i--) {
      z = (x - mu[i]!) * invSigma[i]!;
      if (i !== p && z * z < cut) s += coef[i]! * Math.exp(-0.5 * z * z);
    }
    for (let i = start; i < k && mu[i]! - x <= reach; i++) {
      z = (x - mu[i]!) * invSigma[i]!;
      if (i !== p && z * z < cut) s += coef[i]! * Math.exp(-0.5 * z * z);
    }
    return s;
  }

  private logPdfJoint(points: readonly Float64Array[], m: number): Float64Array {
    const k = this.k;
    // acc[j * k + i]: log weight of component i plus its log kernels at point j, summed over dimensions.
    const acc = new Float64Array(m * k);
    const logW = this.weight.map(Math.log);
    for (let j = 0; j < m; j++) acc.set(logW, j * k);
    this.dims.forEach((dim, d) => {
      const col = points[d]!;
      if (dim.kind === "categorical") {
        const kern = this.categorical[d]!;
        const [logHit, logMiss, logPrior] = [
          Math.log(kern.pHit),
          Math.log(kern.pMiss),
          -Math.log(dim.def.choices.length),
        ];
        for (let j = 0; j < m; j++) {
          const c = col[j]!;
          for (let i = 0; i < k; i++) {
            const centre = kern.centre[i]!;
            acc[j * k + i]! += centre < 0 ? logPrior : centre === c ? logHit : logMiss;
          }
        }
        return;
      }
      const { mu, sigma, invSigma } = this.numeric[d]!;
      const logZ = mu.map((c, i) => logMass((dim.lo - c) * invSigma[i]!, (dim.hi - c) * invSigma[i]!));
      const logNorm = logZ.map((lz, i) => -lz - LOG_SQRT_2PI - (this.density ? Math.log(sigma[i]!) : 0));
      for (let j = 0; j < m; j++) {
        const base = j * k;
        if (dim.halfStep > 0) {
          const [a, b] = cellBounds(dim, col[j]!);
          for (let i = 0; i < k; i++)
            acc[base + i]! += logMass((a - mu[i]!) * invSigma[i]!, (b - mu[i]!) * invSigma[i]!) - logZ[i]!;
        } else {
          const x = col[j]!;
          for (let i = 0; i < k; i++) {
            const z = (x - mu[i]!) * invSigma[i]!;
            acc[base + i]! += logNorm[i]! - 0.5 * z * z;
          }
        }
      }
    });
    const out = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let max = -Infinity;
      for (let i = 0; i < k; i++) max = Math.max(max, acc[j * k + i]!);
      let s = 0;
      for (let i = 0; i < k; i++) s += Math.exp(acc[j * k + i]! - max);
      out[j] = max + Math.log(s);
    }
    return out;
  }
}

/**
 * One numeric dimension's kernels over ascending observations: the prior (range-wide, at the centre) in its
 * sorted place, each kernel as wide as the larger gap to its neighbours (the outermost: their inner gap),
 * magic-clipped (with `clipExponent`), and kernels with the same centre and width merged into one of their summed weight — the
 * same mixture, but a discrete parameter's thousand observations collapse onto its few grid values. One
 * pass in place: this runs twice per parameter per ask.
 */
function sortedKernels(
  dim: Extract<ParzenDim, { kind: "numeric" }>,
  col: Float64Array,
  weights: Float64Array,
  priorWeight: number,
  clipExponent: number,
): { mu: Float64Array; sigma: Float64Array; weight: Float64Array; prior: number } {
  const n = weights.length;
  const k = n + 1;
  const centre = 0.5 * (dim.lo + dim.hi);
  const p = lowerBound(col, centre, n);
  const mu = new Float64Array(k);
  const weight = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (i > 0 && col[i]! < col[i - 1]!)
      throw new RangeError("a one-dimensional numeric Parzen estimator needs ascending observations");
    mu[i < p ? i : i + 1] = col[i]!;
    weight[i < p ? i : i + 1] = weights[i]!;
  }
  mu[p] = centre;
  weight[p] = priorWeight;
  const range = dim.hi - dim.lo;
  const minSigma = magicClip(range, k, clipExponent);
  const sigma = new Float64Array(k);
  let m = 0;
  let prior = -1;
  for (let i = 0; i < k; i++) {
    const x = mu[i]!;
    // Compaction writes only below i, and slot i - 1 holds its own value: the neighbours read are original.
    const left = i > 0 ? x - mu[i - 1]! : -Infinity;
    const right = i < k - 1 ? mu[i + 1]! - x : -Infinity;
    const s = i === p ? range : Math.min(range, Math.max(minSigma, left, right));
    const w = weight[i]!;
    // The prior stays a component of its own (the density's floor; see numericMixture).
    if (m > 0 && i !== p && m - 1 !== prior && x === mu[m - 1] && s === sigma[m - 1]) {
      weight[m - 1]! += w;
      continue;
    }
    if (i === p) prior = m;
    mu[m] = x;
    sigma[m] = s;
    weight[m] = w;
    m++;
  }
  return { mu: mu.subarray(0, m), sigma: sigma.subarray(0, m), weight: weight.subarray(0, m), prior };
}

/**
 * The "magic clip": no kernel narrower than range / min(100, kernels + 1)^exponent, so that a few close
 * points do not collapse the density into spikes.
 */
const magicClip = (range: number, kernels: number, exponent: number): number =>
  range / Math.min(100, 1 + kernels) ** exponent;

/** A numeric dimension's kernel constants; `weight` (summing to `total`) aligned with mu. */
function numericKernels(
  dim: Extract<ParzenDim, { kind: "numeric" }>,
  mu: Float64Array,
  sigma: Float64Array,
  weight: Float64Array,
  total: number,
  scoring: ParzenOptions["scoring"],
  prior: number,
): NumericKernels {
  const k = mu.length;
  let maxSigma = 0;
  for (let i = 0; i < k; i++) if (i !== prior) maxSigma = Math.max(maxSigma, sigma[i]!);
  const invSigma = new Float64Array(k);
  const coef = new Float64Array(k);
  const height = dim.halfStep === 0;
  const density = scoring === "density";
  // No transcendental calls for a kernel far from both bounds (Z = 1): this runs for every kernel per ask.
  for (let i = 0; i < k; i++) {
    const inv = (invSigma[i] = 1 / sigma[i]!);
    const z = Math.max(mass((dim.lo - mu[i]!) * inv, (dim.hi - mu[i]!) * inv), 1e-300);
    coef[i] = (weight[i]! / (total * z)) * (height ? INV_SQRT_2PI * (density ? inv : 1) : 1);
  }
  return { mu, sigma, invSigma, coef, maxSigma };
}

/** Scott's-rule bandwidth, as a fraction of the range, for a d-dimensional kernel density of n points. */
const scottFactor = (n: number, d: number): number => 0.2 * Math.max(n, 1) ** (-1 / (d + 4));

/** A normal draw restricted to [lo, hi] by rejection; σ ≥ range/100 and μ inside keep acceptance high. */
function truncatedNormal(rng: Rng, mu: number, sigma: number, lo: number, hi: number): number {
  for (let i = 0; i < 100; i++) {
    const x = mu + sigma * rng.normal();
    if (x >= lo && x <= hi) return x;
  }
  return Math.min(hi, Math.max(lo, mu));
}
