import { cholesky, choleskyInverse, solveLower, solveUpperT } from "../math/linalg.js";
import { minimizeLbfgs } from "../math/lbfgs.js";

const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

/** Kernel hyperparameters in log space: one lengthscale per input dimension, signal and noise variance. */
export interface GpHyper {
  readonly logLengthscales: Float64Array;
  readonly logSignal: number;
  readonly logNoise: number;
}

// Inputs live in [0, 1]; outputs are standardized. The bounds keep the fit away from degenerate optima
// (a lengthscale of 1e-6 interpolates noise; noise 0 makes K singular on repeated integer points).
const LOG_LS = [Math.log(0.01), Math.log(20)] as const;
const LOG_SIGNAL = [Math.log(0.05), Math.log(20)] as const;
const LOG_NOISE = [Math.log(1e-6), Math.log(1)] as const;
// A weak log-normal prior on lengthscales (median 0.5) so that few points do not produce extreme values.
const LS_PRIOR_MEAN = Math.log(0.5);
const LS_PRIOR_SD = 1.5;

/** Matérn-5/2: k(r) = s² (1 + √5 r + 5r²/3) exp(-√5 r), r the lengthscale-weighted distance. */
export function matern52(r: number, signal: number): number {
  return signal * (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);
}

/** s² (5/3)(1 + √5 r) exp(-√5 r): the factor shared by the derivatives in lengthscales and inputs. */
export function matern52Slope(r: number, signal: number): number {
  return signal * (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

function scaledDistance(a: ArrayLike<number>, b: ArrayLike<number>, invLs2: Float64Array): number {
  let s = 0;
  for (let i = 0; i < invLs2.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d * invLs2[i]!;
  }
  return Math.sqrt(s);
}

const unpack = (v: Float64Array, d: number): GpHyper => ({
  logLengthscales: v.slice(0, d),
  logSignal: v[d]!,
  logNoise: v[d + 1]!,
});

/** Negative log marginal likelihood (plus the lengthscale prior) and its gradient in the log hyperparameters. */
export function negLogPosterior(
  xs: readonly Float64Array[],
  y: Float64Array,
  v: Float64Array,
): { value: number; grad: Float64Array } {
  const n = xs.length;
  const d = v.length - 2;
  const h = unpack(v, d);
  const invLs2 = h.logLengthscales.map((l) => Math.exp(-2 * l));
  const signal = Math.exp(h.logSignal);
  const noise = Math.exp(h.logNoise);
  const k = new Float64Array(n * n);
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = signal + noise;
    for (let j = 0; j < i; j++) {
      const rij = scaledDistance(xs[i]!, xs[j]!, invLs2);
      r[i * n + j] = rij;
      const kij = matern52(rij, signal);
      k[i * n + j] = kij;
      k[j * n + i] = kij;
    }
  }
  const grad = new Float64Array(v.length);
  const l = cholesky(k, n);
  if (!l) return { value: Infinity, grad };
  const alpha = solveUpperT(l, n, solveLower(l, n, y));
  let value = 0;
  for (let i = 0; i < n; i++) value += 0.5 * y[i]! * alpha[i]! + Math.log(l[i * n + i]!);
  value += 0.5 * n * LOG_2PI;
  // d(-LML)/dθ = -½ tr((ααᵀ - K⁻¹) dK/dθ).
  const kinv = choleskyInverse(l, n);
  let gSignal = 0;
  let gNoise = 0;
  for (let i = 0; i < n; i++) {
    const wii = alpha[i]! * alpha[i]! - kinv[i * n + i]!;
    gSignal += 0.5 * wii * signal;
    gNoise += 0.5 * wii * noise;
    for (let j = 0; j < i; j++) {
      const w = alpha[i]! * alpha[j]! - kinv[i * n + j]!;
      const rij = r[i * n + j]!;
      gSignal += w * matern52(rij, signal);
      const c = w * matern52Slope(rij, signal);
      const xi = xs[i]!;
      const xj = xs[j]!;
      for (let q = 0; q < d; q++) {
        const dq = xi[q]! - xj[q]!;
        grad[q]! -= c * dq * dq * invLs2[q]!;
      }
    }
  }
  grad[d] = -gSignal;
  grad[d + 1] = -gNoise;
  for (let q = 0; q < d; q++) {
    const z = (h.logLengthscales[q]! - LS_PRIOR_MEAN) / LS_PRIOR_SD;
    value += 0.5 * z * z;
    grad[q]! += z / LS_PRIOR_SD;
  }
  return { value, grad };
}

/** Maximizes the marginal likelihood by L-BFGS within fixed bounds; `maxIterations` bounds the cost. */
export function fitHyper(xs: readonly Float64Array[], y: Float64Array, maxIterations: number): GpHyper {
  const d = xs[0]?.length ?? 0;
  const start = Float64Array.from([...Array.from({ length: d }, () => LS_PRIOR_MEAN), 0, Math.log(1e-3)]);
  const lower = [...Array.from({ length: d }, () => LOG_LS[0]), LOG_SIGNAL[0], LOG_NOISE[0]];
  const upper = [...Array.from({ length: d }, () => LOG_LS[1]), LOG_SIGNAL[1], LOG_NOISE[1]];
  const { x } = minimizeLbfgs((v) => negLogPosterior(xs, y, v), start, {
    maxIterations,
    lower,
    upper,
    gradTolerance: 1e-4,
  });
  return unpack(x, d);
}

/** A fitted GP posterior: mean and variance at new inputs, with their gradients for acquisition search. */
export class GpPosterior {
  private readonly invLs2: Float64Array;
  private readonly signal: number;
  private readonly noise: number;
  private readonly l: Float64Array;
  private readonly alpha: Float64Array;
  readonly n: number;

  constructor(
    private readonly xs: readonly Float64Array[],
    y: Float64Array,
    hyper: GpHyper,
  ) {
    const n = xs.length;
    this.n = n;
    this.invLs2 = hyper.logLengthscales.map((l) => Math.exp(-2 * l));
    this.signal = Math.exp(hyper.logSignal);
    const noise = Math.exp(hyper.logNoise);
    let jitter = 0;
    let l: Float64Array | null = null;
    // Repeated points (rounded integers) can make K numerically singular: add jitter until it factors.
    for (let attempt = 0; !l && attempt < 8; attempt++) {
      const k = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        k[i * n + i] = this.signal + noise + jitter;
        for (let j = 0; j < i; j++) {
          const kij = matern52(scaledDistance(xs[i]!, xs[j]!, this.invLs2), this.signal);
          k[i * n + j] = kij;
          k[j * n + i] = kij;
        }
      }
      l = cholesky(k, n);
      jitter = jitter === 0 ? 1e-8 : jitter * 100;
    }
    if (!l) throw new Error("GP covariance is not positive definite even with jitter");
    // The diagonal's addition beyond the signal, as factored (jitter went up once more after the last try).
    this.noise = noise + (jitter === 1e-8 ? 0 : jitter / 100);
    this.l = l;
    this.alpha = solveUpperT(l, n, solveLower(l, n, y));
  }

  /**
   * The posterior mean at x and an upper bound on its variance, in O(n) against predict's O(n²): conditioning on
   * fewer points never lowers the variance, and conditioned on its nearest point alone (by the kernel) it is
   * s² - k²/(s² + noise).
   */
  meanAndVarianceBound(x: ArrayLike<number>): { mean: number; varianceBound: number } {
    let mean = 0;
    let nearest = 0;
    for (let j = 0; j < this.n; j++) {
      const k = matern52(scaledDistance(x, this.xs[j]!, this.invLs2), this.signal);
      mean += k * this.alpha[j]!;
      if (k > nearest) nearest = k;
    }
    return { mean, varianceBound: this.signal - (nearest * nearest) / (this.signal + this.noise) };
  }

  /** Posterior mean and variance at x; with `grad`, also their gradients in x (written into dMean/dVar). */
  predict(
    x: ArrayLike<number>,
    grad?: { dMean: Float64Array; dVar: Float64Array },
  ): { mean: number; variance: number } {
    const n = this.n;
    const kx = new Float64Array(n);
    const slope = grad ? new Float64Array(n) : undefined;
    let mean = 0;
    for (let j = 0; j < n; j++) {
      const r = scaledDistance(x, this.xs[j]!, this.invLs2);
      kx[j] = matern52(r, this.signal);
      if (slope) slope[j] = matern52Slope(r, this.signal);
      mean += kx[j]! * this.alpha[j]!;
    }
    const w = solveLower(this.l, n, kx);
    let reduction = 0;
    for (let j = 0; j < n; j++) reduction += w[j]! * w[j]!;
    const variance = Math.max(this.signal - reduction, 1e-12);
    if (grad && slope) {
      // dk(x, xj)/dx_q = -slope_j (x_q - xj_q) / ℓ_q²; dVar = -2 (K⁻¹k)ᵀ dk.
      const beta = solveUpperT(this.l, n, w);
      grad.dMean.fill(0);
      grad.dVar.fill(0);
      for (let j = 0; j < n; j++) {
        const xj = this.xs[j]!;
        for (let q = 0; q < this.invLs2.length; q++) {
          const dk = -slope[j]! * (x[q]! - xj[q]!) * this.invLs2[q]!;
          grad.dMean[q]! += dk * this.alpha[j]!;
          grad.dVar[q]! -= 2 * beta[j]! * dk;
        }
      }
    }
    return { mean, variance };
  }
}
