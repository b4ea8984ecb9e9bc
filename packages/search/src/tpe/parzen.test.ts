import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normCdf } from "../math/normal.js";
import { createRng } from "../rng.js";
import type { CategoricalParam, FloatParam, IntParam } from "../space/types.js";
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

/**
 * Optuna 3.1's categorical kernels (_ParzenEstimator._calculate_categorical_params) written out: a table with
 * one row per observation plus the prior's, every cell prior_weight / (n + 1), the observed choice + 1, rows
 * normalized; the mixture weights are the observations' then the prior's, normalized.
 */
function optunaCategorical(choices: number, obs: number[], weights: number[], priorWeight: number): number[] {
  const n = obs.length;
  const value = priorWeight / (n + 1);
  const rows = [...obs, -1].map((o) => {
    const row = Array.from({ length: choices }, (_, c) => value + (c === o ? 1 : 0));
    const sum = row.reduce((s, v) => s + v, 0);
    return row.map((v) => v / sum);
  });
  const w = [...weights, priorWeight];
  const total = w.reduce((s, v) => s + v, 0);
  return Array.from({ length: choices }, (_, c) => rows.reduce((s, row, i) => s + (w[i]! / total) * row[c]!, 0));
}

/** ∫ f over [lo, hi] by the midpoint rule on `cells` cells. */
function integrate(lo: number, hi: number, cells: number, f: (xs: Float64Array) => Float64Array): number {
  const h = (hi - lo) / cells;
  const values = f(Float64Array.from({ length: cells }, (_, i) => lo + (i + 0.5) * h));
  return values.reduce((s, v) => s + v, 0) * h;
}

describe("ParzenEstimator (categorical)", () => {
  const def: CategoricalParam = { type: "categorical", choices: ["adam", "sgd", "adagrad", "rmsprop", "lion"] };

  it("smooths each observation's choice as Optuna 3.1 does", () => {
    const obs = [0, 0, 2, 4, 0, 2, 1];
    const weights = [1, 0.5, 2, 1, 1, 0.25, 3];
    for (const priorWeight of [1, 2.5]) {
      const est = new ParzenEstimator([parzenDim("o", def)], [Float64Array.from(obs)], Float64Array.from(weights), {
        ...opts,
        priorWeight,
      });
      const got = Array.from(est.logPdf([Float64Array.of(0, 1, 2, 3, 4)], 5), Math.exp);
      const want = optunaCategorical(5, obs, weights, priorWeight);
      got.forEach((p, c) => expect(p).toBeCloseTo(want[c]!, 12));
      // By hand for prior weight 1: 8 rows, smoothing 1/8; "rmsprop" (never observed) gets from each
      // observation row (1/8) / (1 + 5/8) = 1/13, from the prior row 1/5; weights 8.75 and 1 of 9.75.
      if (priorWeight === 1) expect(got[3]).toBeCloseTo((8.75 / 9.75) * (1 / 13) + (1 / 9.75) * (1 / 5), 12);
    }
  });

  it("is a probability over the choices and never zero, for any observations (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 5, noNaN: true })), {
          maxLength: 60,
        }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (pairs, priorWeight) => {
          const est = new ParzenEstimator(
            [parzenDim("o", def)],
            [Float64Array.from(pairs, ([o]) => o)],
            Float64Array.from(pairs, ([, w]) => w),
            { ...opts, priorWeight },
          );
          const p = Array.from(est.logPdf([Float64Array.of(0, 1, 2, 3, 4)], 5), Math.exp);
          expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
          const want = optunaCategorical(
            5,
            pairs.map(([o]) => o),
            pairs.map(([, w]) => w),
            priorWeight,
          );
          p.forEach((v, c) => expect(v).toBeCloseTo(want[c]!, 9));
        },
      ),
      { numRuns: 200, seed: 20 },
    );
  });
});

describe("ParzenEstimator (several dimensions: multivariate TPE)", () => {
  const x: FloatParam = { type: "float", low: -5, high: 10 };
  const lr: FloatParam = { type: "float", low: 1e-4, high: 1e-1, log: true };
  const epochs: IntParam = { type: "int", low: 1, high: 8 };
  const opt: CategoricalParam = { type: "categorical", choices: ["adam", "sgd", "adagrad"] };
  const dims = [parzenDim("x", x), parzenDim("lr", lr), parzenDim("epochs", epochs), parzenDim("opt", opt)];
  const rng = createRng(11);
  const n = 12;
  // Columns in internal coordinates: lr in log space, opt as a choice index.
  const obs = [
    Float64Array.from({ length: n }, () => -5 + 15 * rng.next()),
    Float64Array.from({ length: n }, () => Math.log(1e-4) + Math.log(1e3) * rng.next()),
    Float64Array.from({ length: n }, () => 1 + rng.int(8)),
    Float64Array.from({ length: n }, () => rng.int(3)),
  ];
  const weights = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 4) / 2);

  it("scores a configuration as the written-out product-kernel mixture (Scott's bandwidth on the range)", () => {
    // Every observation's kernel: σ = 0.2 × range × n^(-1/(d+4)) (above the magic clip range/(k+1) here),
    // the prior's: σ = range at the centre; continuous dimensions by height (no 1/σ), the int by cell mass,
    // the categorical by Optuna's smoothed rows; weights normalized with the prior's 1.
    const scott = 0.2 * n ** (-1 / 8);
    const trunc = (lo: number, hi: number, mu: number, s: number): number =>
      normCdf((hi - mu) / s) - normCdf((lo - mu) / s);
    const smoothing = 1 / (n + 1);
    const reference = (p: number[]): number => {
      const comps = [...Array.from({ length: n }, (_, i) => i), -1];
      const total = weights.reduce((s, w) => s + w, 0) + 1;
      let sum = 0;
      for (const i of comps) {
        const w = (i < 0 ? 1 : weights[i]!) / total;
        let k = 1;
        // x and lr, continuous.
        for (const [d, lo, hi] of [
          [0, -5, 10],
          [1, Math.log(1e-4), Math.log(1e-1)],
        ] as const) {
          const mu = i < 0 ? 0.5 * (lo + hi) : obs[d]![i]!;
          const s = i < 0 ? hi - lo : scott * (hi - lo);
          k *= Math.exp(-0.5 * ((p[d]! - mu) / s) ** 2) / Math.sqrt(2 * Math.PI) / trunc(lo, hi, mu, s);
        }
        // epochs: 1..8 widened to [0.5, 8.5], each value's cell ±0.5.
        const mu = i < 0 ? 4.5 : obs[2]![i]!;
        const s = i < 0 ? 8 : scott * 8;
        k *= trunc(p[2]! - 0.5, p[2]! + 0.5, mu, s) / trunc(0.5, 8.5, mu, s);
        k *= i < 0 ? 1 / 3 : (obs[3]![i] === p[3] ? smoothing + 1 : smoothing) / (1 + 3 * smoothing);
        sum += w * k;
      }
      return Math.log(sum);
    };
    const est = new ParzenEstimator(dims, obs, weights, opts);
    const points = [
      [0, Math.log(1e-3), 3, 0],
      [-5, Math.log(1e-4), 1, 2],
      [9.9, Math.log(0.09), 8, 1],
      [obs[0]![3]!, obs[1]![3]!, obs[2]![3]!, obs[3]![3]!],
    ];
    const got = est.logPdf(
      dims.map((_, d) => Float64Array.from(points, (p) => p[d]!)),
      points.length,
    );
    points.forEach((p, j) => expect(got[j]).toBeCloseTo(reference(p), 9));
  });

  it("integrates to 1 over a continuous box with density scoring", () => {
    const box = [parzenDim("x", x), parzenDim("y", { type: "float", low: 0, high: 1 })];
    const est = new ParzenEstimator(
      box,
      [obs[0]!, Float64Array.from(obs[1]!, (v) => (v - Math.log(1e-4)) / Math.log(1e3))],
      weights,
      {
        ...opts,
        scoring: "density",
      },
    );
    // Midpoint rule over y for each x cell: 300 × 300 evaluations.
    const mass = integrate(-5, 10, 300, (xs) =>
      xs.map((xv) =>
        integrate(0, 1, 300, (ys) => est.logPdf([new Float64Array(ys.length).fill(xv), ys], ys.length).map(Math.exp)),
      ),
    );
    expect(mass).toBeCloseTo(1, 4);
  });

  it("with density scoring, summing out the numeric dimensions leaves the categorical estimator's probabilities", () => {
    const est = new ParzenEstimator(dims, obs, weights, { ...opts, scoring: "density" });
    const alone = new ParzenEstimator([parzenDim("opt", opt)], [obs[3]!], weights, opts);
    const marginal = [0, 1, 2].map((c) =>
      Array.from({ length: 8 }, (_, e) => e + 1).reduce(
        (s, e) =>
          s +
          integrate(-5, 10, 100, (xs) =>
            xs.map((xv) =>
              integrate(Math.log(1e-4), Math.log(1e-1), 100, (ls) => {
                const col = (v: number): Float64Array => new Float64Array(ls.length).fill(v);
                return est.logPdf([col(xv), ls, col(e), col(c)], ls.length).map(Math.exp);
              }),
            ),
          ),
        0,
      ),
    );
    const want = Array.from(alone.logPdf([Float64Array.of(0, 1, 2)], 3), Math.exp);
    marginal.forEach((p, c) => expect(p).toBeCloseTo(want[c]!, 3));
    expect(marginal.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 3);
  });

  it("without observations is the product of the one-dimensional priors", () => {
    const empty = dims.map(() => new Float64Array(0));
    const joint = new ParzenEstimator(dims, empty, new Float64Array(0), opts);
    const points = [
      [2, Math.log(0.01), 5, 1],
      [-4.5, Math.log(2e-4), 1, 0],
    ];
    const cols = dims.map((_, d) => Float64Array.from(points, (p) => p[d]!));
    const product = dims
      .map((dim, d) =>
        new ParzenEstimator([dim], [new Float64Array(0)], new Float64Array(0), opts).logPdf([cols[d]!], 2),
      )
      .reduce((s, l) => s.map((v, j) => v + l[j]!));
    const got = joint.logPdf(cols, 2);
    points.forEach((_, j) => expect(got[j]).toBeCloseTo(product[j]!, 9));
  });

  it("draws configurations inside the bounds, on the int grid, near the good observations", () => {
    const est = new ParzenEstimator(dims, obs, weights, opts);
    const draws = est.sample(createRng(5), 3000);
    expect(draws[0]!.every((v) => v >= -5 && v <= 10)).toBe(true);
    expect(draws[1]!.every((v) => v >= Math.log(1e-4) && v <= Math.log(1e-1))).toBe(true);
    expect(draws[2]!.every((v) => Number.isInteger(v) && v >= 1 && v <= 8)).toBe(true);
    expect(draws[3]!.every((v) => v === 0 || v === 1 || v === 2)).toBe(true);
    // Each draw comes from one component as a whole: the draws' opt frequencies follow the mixture's.
    const alone = new ParzenEstimator([parzenDim("opt", opt)], [obs[3]!], weights, opts);
    const want = Array.from(alone.logPdf([Float64Array.of(0, 1, 2)], 3), Math.exp);
    [0, 1, 2].forEach((c) => expect(draws[3]!.filter((v) => v === c).length / 3000).toBeCloseTo(want[c]!, 1));
  });
});
