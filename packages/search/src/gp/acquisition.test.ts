import { describe, expect, it } from "vitest";
import { centralDifference } from "../math/central-difference.js";
import { normCdf, normPdf } from "../math/normal.js";
import { createRng } from "../rng.js";
import { logEi, topByLogEi } from "./acquisition.js";
import { GpPosterior } from "./model.js";

describe("log expected improvement", () => {
  const rng = createRng(6);
  const xs = Array.from({ length: 15 }, () => Float64Array.of(rng.next(), rng.next()));
  const y = Float64Array.from(xs, (x) => Math.sin(5 * x[0]!) + x[1]!);
  const gp = new GpPosterior(xs, y, {
    logLengthscales: Float64Array.of(Math.log(0.3), Math.log(0.5)),
    logSignal: 0,
    logNoise: Math.log(1e-4),
  });
  const best = Math.min(...y);
  const probes = Array.from({ length: 8 }, () => Float64Array.of(rng.next(), rng.next()));

  it("is the log of σ (z Φ(z) + φ(z)), z = (best - μ) / σ", () => {
    for (const x of probes) {
      const { mean, variance } = gp.predict(x);
      const sd = Math.sqrt(variance);
      const z = (best - mean) / sd;
      const ei = sd * (z * normCdf(z) + normPdf(z));
      if (ei > 1e-200) expect(logEi(gp, best, x)).toBeCloseTo(Math.log(ei), 5);
    }
  });

  it("has the gradient of its value, near the data and in the far tail (z < -6)", () => {
    // A target far below every prediction puts z deep in the tail, where log h(z) comes from its series.
    for (const target of [best, best - 10]) {
      for (const x of probes) {
        const grad = new Float64Array(2);
        logEi(gp, target, x, grad);
        for (let q = 0; q < 2; q++) {
          const numeric = centralDifference((p) => logEi(gp, target, p), x, q);
          expect(Math.abs(grad[q]! - numeric)).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
        }
      }
    }
  });

  it("picks the same top candidates, in the same order, as scoring every candidate", () => {
    const candidates = Array.from({ length: 300 }, () => Float64Array.of(rng.next(), rng.next()));
    for (const target of [best, best - 1]) {
      const all = candidates
        .map((x, i) => ({ i, value: logEi(gp, target, x) }))
        .sort((a, b) => b.value - a.value || a.i - b.i)
        .slice(0, 3);
      const top = topByLogEi(gp, target, candidates, 3);
      expect(top.map((t) => candidates.findIndex((c) => c === t.x))).toEqual(all.map((a) => a.i));
      expect(top.map((t) => t.value)).toEqual(all.map((a) => a.value));
    }
  });

  it("bounds each candidate's variance by the one conditioned on its nearest data point", () => {
    for (const x of [...probes, xs[0]!, xs[3]!]) {
      const { mean, variance } = gp.predict(x);
      const { mean: m, varianceBound } = gp.meanAndVarianceBound(x);
      expect(m).toBeCloseTo(mean, 12);
      expect(varianceBound).toBeGreaterThanOrEqual(variance - 1e-12);
    }
  });
});
