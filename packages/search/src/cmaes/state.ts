import { symmetricEigen } from "../math/linalg.js";
import type { Rng } from "../rng.js";

/**
 * The (μ/μ_w, λ)-CMA-ES of Hansen's tutorial ("The CMA Evolution Strategy", 2016) on [0, 1]^n, with
 * cumulative step-size adaptation, rank-one and rank-μ covariance updates, and the usual stopping tests
 * that trigger an IPOP restart.
 */
export class CmaState {
  readonly lambda: number;
  private readonly mu: number;
  private readonly weights: Float64Array;
  private readonly muEff: number;
  private readonly cSigma: number;
  private readonly dSigma: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cMu: number;
  private readonly chiN: number;
  private mean: Float64Array;
  private sigma: number;
  private readonly c: Float64Array;
  private b: Float64Array;
  private d: Float64Array;
  private readonly pSigma: Float64Array;
  private readonly pc: Float64Array;
  private generation = 0;
  /** Best value of each generation, for the flat-fitness test. */
  private readonly history: number[] = [];

  constructor(
    readonly n: number,
    lambda: number,
    sigma0: number,
  ) {
    this.lambda = lambda;
    this.mu = Math.floor(lambda / 2);
    const raw = Array.from({ length: this.mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
    const sum = raw.reduce((s, w) => s + w, 0);
    this.weights = Float64Array.from(raw, (w) => w / sum);
    this.muEff = 1 / this.weights.reduce((s, w) => s + w * w, 0);
    const me = this.muEff;
    this.cSigma = (me + 2) / (n + me + 5);
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cSigma;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.c1 = 2 / ((n + 1.3) ** 2 + me);
    this.cMu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.mean = new Float64Array(n).fill(0.5);
    this.sigma = sigma0;
    this.c = new Float64Array(n * n);
    this.b = new Float64Array(n * n);
    this.d = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) {
      this.c[i * n + i] = 1;
      this.b[i * n + i] = 1;
    }
    this.pSigma = new Float64Array(n);
    this.pc = new Float64Array(n);
  }

  /** One candidate m + σ B D z, redrawn (up to 100 times) until it lies in the unit box, else clipped. */
  sample(rng: Rng): Float64Array {
    const n = this.n;
    let x = new Float64Array(n);
    for (let attempt = 0; attempt < 100; attempt++) {
      const z = Float64Array.from({ length: n }, () => rng.normal());
      x = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += this.b[i * n + j]! * this.d[j]! * z[j]!;
        x[i] = this.mean[i]! + this.sigma * s;
      }
      if (x.every((v) => v >= 0 && v <= 1)) return x;
    }
    return x.map((v) => Math.min(1, Math.max(0, v)));
  }

  /** Updates the distribution from one generation of (point, value) pairs, minimization. */
  tell(solutions: readonly { x: Float64Array; value: number }[]): void {
    const n = this.n;
    const sorted = [...solutions].sort((a, b) => a.value - b.value);
    this.history.push(sorted[0]!.value);
    this.generation++;
    const ys = sorted.slice(0, this.mu).map((s) => s.x.map((v, i) => (v - this.mean[i]!) / this.sigma));
    const yw = new Float64Array(n);
    ys.forEach((y, k) => y.forEach((v, i) => (yw[i]! += this.weights[k]! * v)));
    this.mean = this.mean.map((m, i) => m + this.sigma * yw[i]!);

    // C^{-1/2} y_w = B D^{-1} Bᵀ y_w.
    const bt = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += this.b[i * n + j]! * yw[i]!;
      bt[j] = s / this.d[j]!;
    }
    const cs = Math.sqrt(this.cSigma * (2 - this.cSigma) * this.muEff);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.b[i * n + j]! * bt[j]!;
      this.pSigma[i] = (1 - this.cSigma) * this.pSigma[i]! + cs * s;
    }
    const psNorm = Math.hypot(...this.pSigma);
    const hSigma =
      psNorm / Math.sqrt(1 - (1 - this.cSigma) ** (2 * this.generation)) < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const ccs = Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i]! + hSigma * ccs * yw[i]!;
    const delta = (1 - hSigma) * this.cc * (2 - this.cc);
    const decay = 1 + this.c1 * delta - this.c1 - this.cMu;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        ys.forEach((y, k) => (rankMu += this.weights[k]! * y[i]! * y[j]!));
        const v = decay * this.c[i * n + j]! + this.c1 * this.pc[i]! * this.pc[j]! + this.cMu * rankMu;
        this.c[i * n + j] = v;
        this.c[j * n + i] = v;
      }
    }
    this.sigma *= Math.exp((this.cSigma / this.dSigma) * (psNorm / this.chiN - 1));
    const { values, vectors } = symmetricEigen(this.c, n);
    this.b = vectors;
    this.d = values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
  }

  /** Whether the run has converged or degenerated, so that a restart (with a larger population) is due. */
  shouldStop(): boolean {
    const n = this.n;
    let maxD = 0;
    let minD = Infinity;
    for (const v of this.d) {
      maxD = Math.max(maxD, v);
      minD = Math.min(minD, v);
    }
    if ((maxD / minD) ** 2 > 1e14) return true;
    let maxStd = 0;
    for (let i = 0; i < n; i++) maxStd = Math.max(maxStd, this.sigma * Math.sqrt(this.c[i * n + i]!));
    if (maxStd < 1e-11) return true;
    // Flat fitness over the last 10 + 30n/λ generations.
    const window = 10 + Math.ceil((30 * n) / this.lambda);
    if (this.history.length >= window) {
      const recent = this.history.slice(-window);
      if (Math.max(...recent) - Math.min(...recent) < 1e-12) return true;
    }
    return false;
  }
}
