/**
 * Continuous problems, 2-20 dimensions, after the BBOB families: separable (sphere, ellipsoid, Rastrigin),
 * ill-conditioned and rotated (ellipsoid, Rosenbrock), multimodal with adequate global structure (rotated
 * Rastrigin, Griewank-Rosenbrock, Ackley) and with weak structure (Schwefel, Lunacek bi-Rastrigin, Gallagher's
 * peaks), plus Branin and Hartmann-6. Optima are moved by a seeded shift (or sign flip, rotation), so no
 * optimum sits at the box centre, where quasi-random designs start.
 */
import { branin, braninSpace, hartmann6, hartmann6Space, type Params } from "../../src/index.js";
import {
  boxSpace,
  instanceRng,
  matVec,
  pointParams,
  randomRotation,
  uniformPoint,
  vector,
  type SuiteProblem,
} from "./problem.js";
import { num } from "../problems.js";
import { lambda, tasy, tosz } from "./transforms.js";

const LO = -5;
const HI = 5;

/** A problem on [-5, 5]^d whose optimum is 0 at `xopt`. */
function bbob(key: string, d: number, xopt: number[], g: (x: number[]) => number): SuiteProblem {
  const f = (p: Params): number => g(vector(p, d));
  return { key, family: "continuous", space: boxSpace(d, LO, HI), f, optimum: 0, argmin: pointParams(xopt) };
}

const sq = (v: readonly number[]): number => v.reduce((s, x) => s + x * x, 0);

function sphere(d: number): SuiteProblem {
  const key = `sphere-${d}`;
  const xopt = uniformPoint(instanceRng(key), d, -4, 4);
  return bbob(key, d, xopt, (x) => sq(x.map((v, i) => v - xopt[i]!)));
}

/** Separable ellipsoid (BBOB f2): conditioning 10^6 along the axes. */
function ellipsoid(d: number): SuiteProblem {
  const key = `ellipsoid-${d}`;
  const xopt = uniformPoint(instanceRng(key), d, -4, 4);
  const c = Array.from({ length: d }, (_, i) => 10 ** ((6 * i) / (d - 1)));
  return bbob(key, d, xopt, (x) => x.reduce((s, v, i) => s + c[i]! * tosz(v - xopt[i]!) ** 2, 0));
}

/** Rotated ellipsoid (BBOB f10): the same conditioning along random directions. */
function rotatedEllipsoid(d: number): SuiteProblem {
  const key = `rot-ellipsoid-${d}`;
  const rng = instanceRng(key);
  const xopt = uniformPoint(rng, d, -4, 4);
  const r = randomRotation(rng, d);
  const c = Array.from({ length: d }, (_, i) => 10 ** ((6 * i) / (d - 1)));
  return bbob(key, d, xopt, (x) =>
    matVec(
      r,
      x.map((v, i) => v - xopt[i]!),
    ).reduce((s, v, i) => s + c[i]! * tosz(v) ** 2, 0),
  );
}

const rastriginOf = (z: readonly number[]): number =>
  10 * (z.length - z.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0)) + sq(z);

/** Separable Rastrigin (BBOB f3): ~10^d regular local optima. */
function rastrigin(d: number): SuiteProblem {
  const key = `rastrigin-${d}`;
  const xopt = uniformPoint(instanceRng(key), d, -4, 4);
  const scale = lambda(d, 10);
  return bbob(key, d, xopt, (x) =>
    rastriginOf(
      tasy(
        x.map((v, i) => tosz(v - xopt[i]!)),
        0.2,
      ).map((v, i) => v * scale[i]!),
    ),
  );
}

/** Rotated Rastrigin (BBOB f15): the same lattice of optima, not aligned with the axes. */
function rotatedRastrigin(d: number): SuiteProblem {
  const key = `rot-rastrigin-${d}`;
  const rng = instanceRng(key);
  const xopt = uniformPoint(rng, d, -4, 4);
  const r = randomRotation(rng, d);
  const q = randomRotation(rng, d);
  const scale = lambda(d, 10);
  return bbob(key, d, xopt, (x) => {
    const y = tasy(
      matVec(
        r,
        x.map((v, i) => v - xopt[i]!),
      ).map(tosz),
      0.2,
    );
    return rastriginOf(
      matVec(
        r,
        matVec(q, y).map((v, i) => v * scale[i]!),
      ),
    );
  });
}

/** Schwefel 2.26 on [-500, 500]^d, mirrored per coordinate: the best basin is far from the second best. */
function schwefel(d: number): SuiteProblem {
  const key = `schwefel-${d}`;
  const rng = instanceRng(key);
  const sign = Array.from({ length: d }, () => (rng.next() < 0.5 ? -1 : 1));
  const f = (p: Params): number =>
    vector(p, d).reduce((s, v, i) => {
      const y = sign[i]! * v;
      return s + 418.9828872724338 - y * Math.sin(Math.sqrt(Math.abs(y)));
    }, 0);
  const argmin = pointParams(sign.map((s) => s * 420.9687463));
  return { key, family: "continuous", space: boxSpace(d, -500, 500), f, optimum: f(argmin), argmin };
}

/**
 * BBOB's rotated Rosenbrock valley (f9, f19): z = c·R·x + 0.5 is all ones at the optimum, x* = Rᵀ(0.5 / c · 1);
 * `terms(x)` are the valley's d − 1 terms 100 (z_i² − z_{i+1})² + (z_i − 1)², each 0 at the optimum.
 */
function rosenbrockValley(key: string, d: number): { xopt: number[]; terms: (x: number[]) => number[] } {
  const r = randomRotation(instanceRng(key), d);
  const c = Math.max(1, Math.sqrt(d) / 8);
  const xopt = r[0]!.map((_, k) => r.reduce((s, row) => s + row[k]! * (0.5 / c), 0));
  const terms = (x: number[]): number[] => {
    const z = matVec(r, x).map((v) => c * v + 0.5);
    return z.slice(0, -1).map((zi, i) => 100 * (zi ** 2 - z[i + 1]!) ** 2 + (zi - 1) ** 2);
  };
  return { xopt, terms };
}

/** Griewank-Rosenbrock F8F2 (BBOB f19): Rosenbrock's valley folded by Griewank's cosine. */
function griewankRosenbrock(d: number): SuiteProblem {
  const key = `griewank-rosenbrock-${d}`;
  const { xopt, terms } = rosenbrockValley(key, d);
  return bbob(key, d, xopt, (x) => (10 / (d - 1)) * terms(x).reduce((s, t) => s + t / 4000 - Math.cos(t), 0) + 10);
}

/** Rotated Rosenbrock (BBOB f9). */
function rotatedRosenbrock(d: number): SuiteProblem {
  const key = `rot-rosenbrock-${d}`;
  const { xopt, terms } = rosenbrockValley(key, d);
  return bbob(key, d, xopt, (x) => terms(x).reduce((s, t) => s + t, 0));
}

/** Lunacek bi-Rastrigin (BBOB f24): two funnels, the better one the smaller and off-centre. */
function lunacek(d: number): SuiteProblem {
  const key = `lunacek-${d}`;
  const rng = instanceRng(key);
  const mu0 = 2.5;
  const s = 1 - 1 / (2 * Math.sqrt(d + 20) - 8.2);
  const mu1 = -Math.sqrt((mu0 * mu0 - 1) / s);
  const sign = Array.from({ length: d }, () => (rng.next() < 0.5 ? -1 : 1));
  const r = randomRotation(rng, d);
  const q = randomRotation(rng, d);
  const scale = lambda(d, 100);
  const xopt = sign.map((v) => (v * mu0) / 2);
  return bbob(key, d, xopt, (x) => {
    const xh = x.map((v, i) => 2 * sign[i]! * v);
    const z = matVec(
      q,
      matVec(
        r,
        xh.map((v) => v - mu0),
      ).map((v, i) => v * scale[i]!),
    );
    const a = xh.reduce((t, v) => t + (v - mu0) ** 2, 0);
    const b = d + s * xh.reduce((t, v) => t + (v - mu1) ** 2, 0);
    return Math.min(a, b) + 10 * (d - z.reduce((t, v) => t + Math.cos(2 * Math.PI * v), 0));
  });
}

/** Gallagher's Gaussian 101-me peaks (BBOB f21): random local optima of random shape, no global structure. */
function gallagher(d: number): SuiteProblem {
  const key = `gallagher-${d}`;
  const rng = instanceRng(key);
  const r = randomRotation(rng, d);
  const peaks = 101;
  const alphas = Array.from({ length: peaks - 1 }, (_, j) => 1000 ** ((2 * j) / 99));
  for (let i = alphas.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [alphas[i], alphas[j]] = [alphas[j]!, alphas[i]!];
  }
  const peak = Array.from({ length: peaks }, (_, i) => {
    const y = uniformPoint(rng, d, i === 0 ? -4 : -4.9, i === 0 ? 4 : 4.9);
    const alpha = i === 0 ? 1000 : alphas[i - 1]!;
    const perm = Array.from({ length: d }, (_, k) => k);
    for (let k = d - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [perm[k], perm[j]] = [perm[j]!, perm[k]!];
    }
    const c = lambda(d, alpha).map((v) => v / alpha ** 0.25);
    return {
      ry: matVec(r, y),
      c: perm.map((k) => c[k]!),
      w: i === 0 ? 10 : 1.1 + (8 * (i - 1)) / 99,
      y,
    };
  });
  return bbob(key, d, peak[0]!.y, (x) => {
    const rx = matVec(r, x);
    let best = 0;
    for (const pk of peak) {
      let e = 0;
      for (let k = 0; k < d; k++) e += pk.c[k]! * (rx[k]! - pk.ry[k]!) ** 2;
      best = Math.max(best, pk.w * Math.exp((-0.5 / d) * e));
    }
    return tosz(10 - best) ** 2;
  });
}

/** Ackley, shifted: a nearly flat outer region with a funnel to the optimum. */
function ackley(d: number): SuiteProblem {
  const key = `ackley-${d}`;
  const xopt = uniformPoint(instanceRng(key), d, -4, 4);
  return bbob(key, d, xopt, (x) => {
    const z = x.map((v, i) => v - xopt[i]!);
    const a = -20 * Math.exp(-0.2 * Math.sqrt(sq(z) / d));
    const b = -Math.exp(z.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / d);
    return Math.max(0, a + b + 20 + Math.E);
  });
}

export const CONTINUOUS: SuiteProblem[] = [
  {
    key: "branin",
    family: "continuous",
    space: braninSpace,
    f: num(branin),
    optimum: 0.397887,
    argmin: { x0: Math.PI, x1: 2.275 },
  },
  {
    key: "hartmann-6",
    family: "continuous",
    space: hartmann6Space,
    f: num(hartmann6),
    optimum: -3.32237,
    argmin: pointParams([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]),
  },
  gallagher(2),
  rotatedRastrigin(4),
  griewankRosenbrock(5),
  schwefel(6),
  lunacek(6),
  rastrigin(8),
  rotatedEllipsoid(8),
  ellipsoid(10),
  rotatedRosenbrock(10),
  gallagher(10),
  ackley(12),
  sphere(20),
];

export { rotatedRastrigin, sphere };
