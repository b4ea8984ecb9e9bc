import { describe, expect, it } from "vitest";
import type { TrialRecord } from "../history.js";
import { cholesky } from "../math/linalg.js";
import { createRng, type Rng } from "../rng.js";
import { CmaEsSampler } from "../samplers/cmaes.js";
import { suggest } from "../samplers/suggest.js";
import type { SearchSpace } from "../space/types.js";
import { CmaState } from "./state.js";

// The distribution is private; the tests read it by name (TypeScript allows element access to private members).
const mean = (s: CmaState): Float64Array => s["mean"];
const sigma = (s: CmaState): number => s["sigma"];
const covariance = (s: CmaState): Float64Array => s["c"];

/** Runs `generations` generations of CMA-ES on f; returns the best value of each. */
function run(
  state: CmaState,
  f: (x: Float64Array) => number,
  generations: number,
  rng: Rng,
  each?: () => void,
): number[] {
  const best: number[] = [];
  for (let g = 0; g < generations; g++) {
    const pop = Array.from({ length: state.lambda }, () => state.sample(rng)).map((x) => ({ x, value: f(x) }));
    state.tell(pop);
    best.push(Math.min(...pop.map((p) => p.value)));
    each?.();
  }
  return best;
}

const centre = [0.3, 0.6, 0.45, 0.7];
const sphere = (x: Float64Array): number => x.reduce((s, v, i) => s + (v - centre[i]!) ** 2, 0);

function expectSymmetricPositiveDefinite(s: CmaState): void {
  const n = s.n;
  const c = covariance(s);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(c[i * n + j]).toBe(c[j * n + i]);
  expect(cholesky(c, n)).not.toBeNull();
}

describe("CmaState", () => {
  it("moves the mean to the weighted recombination of the best half", () => {
    const s = new CmaState(2, 6, 0.2);
    const target = [0.9, 0.9];
    const xs = [
      [0.4, 0.5],
      [0.6, 0.7],
      [0.3, 0.3],
      [0.7, 0.6],
      [0.5, 0.6],
      [0.45, 0.4],
    ].map((p) => Float64Array.from(p));
    const value = (x: Float64Array): number => Math.hypot(x[0]! - target[0]!, x[1]! - target[1]!);
    s.tell(xs.map((x) => ({ x, value: value(x) })));
    // μ = 3 best: (0.6, 0.7), (0.7, 0.6), (0.5, 0.6); weights ∝ ln(3.5) - ln(i).
    const raw = [1, 2, 3].map((i) => Math.log(3.5) - Math.log(i));
    const w = raw.map((r) => r / raw.reduce((a, b) => a + b, 0));
    const want = [0, 1].map((d) => w[0]! * [0.6, 0.7][d]! + w[1]! * [0.7, 0.6][d]! + w[2]! * [0.5, 0.6][d]!);
    expect(mean(s)[0]).toBeCloseTo(want[0]!, 12);
    expect(mean(s)[1]).toBeCloseTo(want[1]!, 12);
    expect(value(mean(s))).toBeLessThan(value(Float64Array.of(0.5, 0.5)));
    expectSymmetricPositiveDefinite(s);
  });

  it("converges on a sphere: the mean reaches the optimum, the step size shrinks, C stays SPD", () => {
    const s = new CmaState(4, 8, 0.2);
    const best = run(s, sphere, 120, createRng(1), () => expectSymmetricPositiveDefinite(s));
    expect(sigma(s)).toBeLessThan(1e-4);
    mean(s).forEach((m, i) => expect(Math.abs(m - centre[i]!)).toBeLessThan(1e-6));
    expect(best.at(-1)).toBeLessThan(1e-10);
  });

  it("grows the step size along a slope", () => {
    // A linear function seen through a small step: cumulative step-size adaptation lengthens the steps.
    const s = new CmaState(3, 7, 0.005);
    run(s, (x) => x[0]! + x[1]! + x[2]!, 8, createRng(2));
    expect(sigma(s)).toBeGreaterThan(0.01);
  });

  it("learns an ill-conditioned ellipsoid's shape in C", () => {
    // f = (x0 - ½)² + 100 (x1 - ½)²: the search should stretch along x0.
    const s = new CmaState(2, 6, 0.1);
    run(s, (x) => (x[0]! - 0.5) ** 2 + 100 * (x[1]! - 0.5) ** 2, 40, createRng(3));
    const c = covariance(s);
    expect(c[0]! / c[3]!).toBeGreaterThan(10);
    expectSymmetricPositiveDefinite(s);
  });

  it("asks for a restart once the fitness has been flat for 10 + 30n/λ generations", () => {
    const s = new CmaState(2, 6, 0.2);
    const rng = createRng(4);
    // n = 2, λ = 6: a window of 20 generations.
    for (let g = 1; g <= 20; g++) {
      expect(s.shouldStop()).toBe(false);
      run(s, () => 1, 1, rng);
    }
    expect(s.shouldStop()).toBe(true);
  });
});

describe("CmaEsSampler restarts (IPOP)", () => {
  const space: SearchSpace = { x0: { type: "float", low: 0, high: 1 }, x1: { type: "float", low: 0, high: 1 } };
  const lambdaAfter = (restarts: boolean | undefined, trials: number): number => {
    const sampler = new CmaEsSampler({ popsize: 6, sigma0: 0.2, ...(restarts === undefined ? {} : { restarts }) });
    const history: TrialRecord[] = [];
    for (let n = 0; n < trials; n++) {
      const params = suggest(sampler, space, { directions: ["minimize"], trials: history }, n, 7);
      history.push({ number: n, state: "COMPLETE", params, values: [1], intermediate: new Map() });
    }
    suggest(sampler, space, { directions: ["minimize"], trials: history }, trials, 7);
    return sampler["checkpoint"]!.state.lambda;
  };

  it("doubles the population when a run stops, unless restarts are off", () => {
    // A flat objective stops each run after 20 generations of 6 (then 10 + 30·2/12 = 15 of 12).
    expect(lambdaAfter(undefined, 119)).toBe(6);
    expect(lambdaAfter(undefined, 120)).toBe(12);
    expect(lambdaAfter(undefined, 120 + 15 * 12)).toBe(24);
    expect(lambdaAfter(false, 300)).toBe(6);
  });
});
