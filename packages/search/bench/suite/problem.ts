/**
 * What a suite problem is, and the seeded pieces its instances are built from. A problem's instance (shift,
 * rotation, which choice is best) is drawn from its own fixed instance seed, so every sampler — ours and
 * Optuna's — sees the same landscape, and no sampler can find the optimum by starting at the box centre.
 */
import { createRng, type Params, type Rng, type SearchSpace } from "../../src/index.js";

export type Family = "continuous" | "mixed" | "conditional" | "noisy" | "plateau" | "recorded";

export interface SuiteProblem {
  readonly key: string;
  readonly family: Family;
  readonly space: SearchSpace;
  /** The noise-free objective (minimized). */
  readonly f: (p: Params) => number;
  /**
   * The noise's standard deviation at a point (noisy problems only): a trial observes f + sd·N(0, 1), and
   * the study is scored by the noise-free f of the trial it would pick (the best observed one).
   */
  readonly noiseSd?: (p: Params, value: number) => number;
  /** The minimum of f, where it is known; regret is measured from it. */
  readonly optimum?: number;
  /** Where f reaches the optimum (tests check f(argmin) == optimum). */
  readonly argmin?: Params;
}

/** A fixed per-problem stream for building an instance; never shared with the samplers'. */
export const instanceRng = (key: string): Rng => {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return createRng(h);
};

/** A uniform point in [lo, hi]^d. */
export const uniformPoint = (rng: Rng, d: number, lo: number, hi: number): number[] =>
  Array.from({ length: d }, () => lo + (hi - lo) * rng.next());

/** A random orthogonal d×d matrix (Gram–Schmidt on Gaussian columns, as BBOB builds its rotations). */
export function randomRotation(rng: Rng, d: number): number[][] {
  const q: number[][] = [];
  for (let i = 0; i < d; i++) {
    const v = Array.from({ length: d }, () => rng.normal());
    for (const u of q) {
      const dot = u.reduce((s, x, k) => s + x * v[k]!, 0);
      for (let k = 0; k < d; k++) v[k]! -= dot * u[k]!;
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  return q;
}

export const matVec = (m: readonly (readonly number[])[], x: readonly number[]): number[] =>
  m.map((row) => row.reduce((s, a, k) => s + a * x[k]!, 0));

/** Float parameters x0..x{d-1} on [lo, hi]. */
export const boxSpace = (d: number, lo: number, hi: number): SearchSpace =>
  Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: "float", low: lo, high: hi }]));

/** x0..x{d-1} of a configuration, as numbers. */
export const vector = (p: Params, d: number): number[] => Array.from({ length: d }, (_, i) => p[`x${i}`] as number);

/** The configuration with x_i = v_i. */
export const pointParams = (v: readonly number[]): Params => Object.fromEntries(v.map((x, i) => [`x${i}`, x]));
