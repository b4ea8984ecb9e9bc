import { describe, expect, it } from "vitest";
import { centralDifference, centralSides } from "../math/central-difference.js";
import { cholesky, solveLower } from "../math/linalg.js";
import { createRng } from "../rng.js";
import { fitHyper, GpPosterior, type GpHyper, matern52, negLogPosterior } from "./model.js";

const hyper = (ls: number[], signal: number, noise: number): GpHyper => ({
  logLengthscales: Float64Array.from(ls, Math.log),
  logSignal: Math.log(signal),
  logNoise: Math.log(noise),
});

/** Points in [0, 1]^d from a seeded stream. */
const points = (n: number, d: number, seed: number): Float64Array[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.next()));
};

/** log N(y; 0, K + noise I) with Matérn-5/2 K, computed directly: the marginal likelihood being maximized. */
function logMarginal(xs: readonly Float64Array[], y: Float64Array, h: GpHyper): number {
  const n = xs.length;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const r = Math.sqrt(
        Array.from(h.logLengthscales).reduce((s, l, q) => s + ((xs[i]![q]! - xs[j]![q]!) / Math.exp(l)) ** 2, 0),
      );
      k[i * n + j] = matern52(r, Math.exp(h.logSignal)) + (i === j ? Math.exp(h.logNoise) : 0);
    }
  const l = cholesky(k, n)!;
  const z = solveLower(l, n, y);
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += 2 * Math.log(l[i * n + i]!);
  return -0.5 * z.reduce((s, v) => s + v * v, 0) - 0.5 * logDet - 0.5 * n * Math.log(2 * Math.PI);
}

const pack = (h: GpHyper): Float64Array => Float64Array.from([...h.logLengthscales, h.logSignal, h.logNoise]);

describe("Matérn-5/2 kernel", () => {
  it("has the textbook values", () => {
    expect(matern52(0, 2)).toBe(2);
    expect(matern52(1, 1)).toBeCloseTo((1 + Math.sqrt(5) + 5 / 3) * Math.exp(-Math.sqrt(5)), 15);
    expect(matern52(10, 1)).toBeLessThan(1e-7);
  });
});

describe("GpPosterior", () => {
  const xs = points(8, 1, 1);
  const y = Float64Array.from(xs, (x) => Math.sin(6 * x[0]!));
  const gp = new GpPosterior(xs, y, hyper([0.3], 1.5, 1e-10));

  it("interpolates noiseless data with ~zero variance there, and returns to the prior far away", () => {
    xs.forEach((x, i) => {
      const { mean, variance } = gp.predict(x);
      expect(Math.abs(mean - y[i]!)).toBeLessThan(1e-6);
      expect(variance).toBeLessThan(1e-6);
    });
    const far = gp.predict([30]);
    expect(Math.abs(far.mean)).toBeLessThan(1e-6);
    expect(far.variance).toBeCloseTo(1.5, 6);
    // Between the data the variance is positive but below the prior's.
    const between = gp.predict([0.5 * (xs[0]![0]! + xs[1]![0]!)]);
    expect(between.variance).toBeGreaterThan(1e-6);
    expect(between.variance).toBeLessThan(1.5);
  });

  it("gives gradients of the mean and variance that match finite differences", () => {
    const xs2 = points(12, 2, 2);
    const y2 = Float64Array.from(xs2, (x) => x[0]! ** 2 - Math.cos(4 * x[1]!));
    const gp2 = new GpPosterior(xs2, y2, hyper([0.4, 0.2], 1, 1e-4));
    for (const x of points(5, 2, 3)) {
      const grad = { dMean: new Float64Array(2), dVar: new Float64Array(2) };
      gp2.predict(x, grad);
      for (let q = 0; q < 2; q++) {
        const h = 1e-6;
        const [a, b] = centralSides((p) => gp2.predict(p), x, q, h);
        expect(grad.dMean[q]).toBeCloseTo((a.mean - b.mean) / (2 * h), 5);
        expect(grad.dVar[q]).toBeCloseTo((a.variance - b.variance) / (2 * h), 5);
      }
    }
  });

  it("adds jitter when repeated points make the covariance singular", () => {
    // Two observations of the same point with zero noise: K is exactly singular until jitter is added,
    // and the posterior mean there is then their average.
    const dup = [Float64Array.of(0.2), Float64Array.of(0.2), Float64Array.of(0.8)];
    const gpDup = new GpPosterior(dup, Float64Array.of(1, 3, 0), { ...hyper([0.2], 1, 1), logNoise: -Infinity });
    const at = gpDup.predict([0.2]);
    expect(at.mean).toBeCloseTo(2, 6);
    expect(at.variance).toBeLessThan(1e-6);
  });
});

describe("GP hyperparameter fit", () => {
  // y varies quickly along x0 and not at all along x1: automatic relevance determination should see it.
  const xs = points(30, 2, 4);
  const raw = xs.map((x) => Math.sin(7 * x[0]!));
  const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
  const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mean) ** 2, 0) / raw.length);
  const y = Float64Array.from(raw, (v) => (v - mean) / sd);

  it("computes the negative log marginal likelihood and its exact gradient", () => {
    const v = pack(hyper([0.3, 0.8], 1.2, 1e-2));
    const w = pack(hyper([0.3, 0.8], 0.7, 3e-2));
    // The lengthscale prior is the same for v and w: differences are the marginal likelihood's alone.
    const { value: fv, grad } = negLogPosterior(xs, y, v);
    const { value: fw } = negLogPosterior(xs, y, w);
    const lv = logMarginal(xs, y, hyper([0.3, 0.8], 1.2, 1e-2));
    const lw = logMarginal(xs, y, hyper([0.3, 0.8], 0.7, 3e-2));
    expect(fv - fw).toBeCloseTo(lw - lv, 8);
    for (let q = 0; q < v.length; q++) {
      const numeric = centralDifference((p) => negLogPosterior(xs, y, p).value, v, q);
      expect(grad[q]).toBeCloseTo(numeric, 4);
    }
  });

  it("raises the marginal likelihood, to a stationary point, and finds the irrelevant input", () => {
    const start = hyper([0.5, 0.5], 1, 1e-3);
    const fit = fitHyper(xs, y, 100);
    expect(logMarginal(xs, y, fit)).toBeGreaterThan(logMarginal(xs, y, start) + 10);
    // Long lengthscale on the input y ignores, short on the one it follows.
    expect(Math.exp(fit.logLengthscales[1]!)).toBeGreaterThan(5 * Math.exp(fit.logLengthscales[0]!));
    // Every coordinate is either on a bound or has a ~zero gradient: the optimizer converged.
    const { grad } = negLogPosterior(xs, y, pack(fit));
    const bounds = [
      [Math.log(0.01), Math.log(20)],
      [Math.log(0.01), Math.log(20)],
      [Math.log(0.05), Math.log(20)],
      [Math.log(1e-6), Math.log(1)],
    ];
    pack(fit).forEach((v, q) => {
      const [lo, hi] = bounds[q]!;
      expect(v).toBeGreaterThanOrEqual(lo! - 1e-12);
      expect(v).toBeLessThanOrEqual(hi! + 1e-12);
      const onBound = (v <= lo! && grad[q]! > 0) || (v >= hi! && grad[q]! < 0);
      if (!onBound) expect(Math.abs(grad[q]!)).toBeLessThan(1e-3);
    });
    // It predicts points it has not seen.
    const posterior = new GpPosterior(xs, y, fit);
    for (const x of points(10, 2, 5))
      expect(Math.abs(posterior.predict(x).mean - (Math.sin(7 * x[0]!) - mean) / sd)).toBeLessThan(0.05);
  });
});
