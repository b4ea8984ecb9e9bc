import { describe, expect, it } from "vitest";
import { normCdf } from "../math/normal.js";
import { createRng } from "../rng.js";
import type { FloatParam, IntParam } from "../space/types.js";
import { ParzenEstimator, parzenDim } from "./parzen.js";

/**
 * The univariate TPE mixture written out term by term, as Optuna 3.1 defines it: a kernel per observation
 * plus a range-wide prior at the centre; bandwidth = larger gap to the sorted neighbours (outermost: inner
 * gap), clipped to [range / min(100, kernels + 1)^clip, range] (clip = 1 in Optuna 3.1); continuous points scored by kernel height
 * (no 1/σ), discrete ones by the truncated kernel's mass on the value's cell.
 */
function reference(
  lo: number,
  hi: number,
  obs: number[],
  weights: number[],
  x: number,
  cell?: [number, number],
  clip = 1,
): number {
  const mu = [
    ...obs.map((v, i) => ({ v, w: weights[i]!, prior: false })),
    { v: 0.5 * (lo + hi), w: 1, prior: true },
  ].sort((a, b) => a.v - b.v);
  const k = mu.length;
  const range = hi - lo;
  const total = mu.reduce((s, m) => s + m.w, 0);
  let sum = 0;
  mu.forEach((m, i) => {
    const left = i > 0 ? m.v - mu[i - 1]!.v : -Infinity;
    const right = i < k - 1 ? mu[i + 1]!.v - m.v : -Infinity;
    const sigma = m.prior ? range : Math.min(range, Math.max(range / Math.min(100, k + 1) ** clip, left, right));
    const z = normCdf((hi - m.v) / sigma) - normCdf((lo - m.v) / sigma);
    const p = cell
      ? (normCdf((cell[1] - m.v) / sigma) - normCdf((cell[0] - m.v) / sigma)) / z
      : Math.exp(-0.5 * ((x - m.v) / sigma) ** 2) / Math.sqrt(2 * Math.PI) / z;
    sum += (m.w / total) * p;
  });
  return Math.log(sum);
}

const opts = { priorWeight: 1, scoring: "height" as const, clipExponent: 1 };

describe("ParzenEstimator (one dimension)", () => {
  it("scores continuous points as the written-out mixture", () => {
    const rng = createRng(7);
    const def: FloatParam = { type: "float", low: -5, high: 10 };
    const obs = Array.from({ length: 40 }, () => -5 + 15 * rng.next()).sort((a, b) => a - b);
    const weights = obs.map((_, i) => 0.2 + (i % 5) / 5);
    const est = new ParzenEstimator([parzenDim("x", def)], [Float64Array.from(obs)], Float64Array.from(weights), opts);
    const points = [-5, -4.99, 0, 2.5, 7.123, 10];
    const got = est.logPdf([Float64Array.from(points)], points.length);
    points.forEach((x, j) => expect(got[j]).toBeCloseTo(reference(-5, 10, obs, weights, x), 6));
  });

  it("narrows the bandwidth floor with a magic-clip exponent above 1", () => {
    // Ten close observations: every kernel sits on the floor, range/11 with exponent 1, range/11^1.15 here.
    const def: FloatParam = { type: "float", low: 0, high: 1 };
    const obs = Array.from({ length: 10 }, (_, i) => 0.5 + 0.001 * i);
    const weights = obs.map(() => 1);
    const est = new ParzenEstimator([parzenDim("x", def)], [Float64Array.from(obs)], Float64Array.from(weights), {
      ...opts,
      clipExponent: 1.15,
    });
    const points = [0.3, 0.45, 0.5, 0.6];
    const got = est.logPdf([Float64Array.from(points)], points.length);
    points.forEach((x, j) => {
      expect(got[j]).toBeCloseTo(reference(0, 1, obs, weights, x, undefined, 1.15), 6);
      // Scored by height, the kernels' centres score alike; their flanks are where a narrower kernel differs.
      if (x === 0.45 || x === 0.6) expect(got[j]).toBeLessThan(reference(0, 1, obs, weights, x) - 0.1);
    });
  });

  it("scores a discrete parameter by cell mass, with repeated values merged into one kernel", () => {
    // An int on a step-5 grid: forty observations on five values, so most kernels coincide.
    const def: IntParam = { type: "int", low: 5, high: 100, step: 5 };
    const obs = Array.from({ length: 40 }, (_, i) => [20, 25, 25, 60, 95][i % 5]!).sort((a, b) => a - b);
    const weights = obs.map((_, i) => 1 + (i % 3));
    const est = new ParzenEstimator([parzenDim("e", def)], [Float64Array.from(obs)], Float64Array.from(weights), opts);
    const points = [5, 25, 30, 60, 100];
    const got = est.logPdf([Float64Array.from(points)], points.length);
    // The kernels live on [2.5, 102.5]: each grid value owns ±2.5 around it.
    points.forEach((v, j) => expect(got[j]).toBeCloseTo(reference(2.5, 102.5, obs, weights, v, [v - 2.5, v + 2.5]), 6));
    // A probability over the 20 grid values: the cells tile the range.
    const all = Array.from({ length: 20 }, (_, i) => 5 + 5 * i);
    const total = Array.from(est.logPdf([Float64Array.from(all)], all.length)).reduce((s, l) => s + Math.exp(l), 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it("refuses unsorted observations for one numeric dimension", () => {
    const def: FloatParam = { type: "float", low: 0, high: 1 };
    expect(
      () => new ParzenEstimator([parzenDim("x", def)], [Float64Array.of(0.5, 0.2)], Float64Array.of(1, 1), opts),
    ).toThrow(RangeError);
  });

  it("draws from the good points' neighbourhood and stays inside the bounds", () => {
    const def: FloatParam = { type: "float", low: 0, high: 1 };
    const est = new ParzenEstimator(
      [parzenDim("x", def)],
      [Float64Array.of(0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19)],
      new Float64Array(10).fill(1),
      opts,
    );
    const draws = est.sample(createRng(3), 2000)[0]!;
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1);
    // 10 of 11 weight units sit on kernels around 0.1-0.2 (σ = range/12 by the magic clip).
    const near = draws.filter((x) => x < 0.45).length / draws.length;
    expect(near).toBeGreaterThan(0.8);
  });
});
