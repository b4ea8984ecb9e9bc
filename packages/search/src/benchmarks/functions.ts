import type { SearchSpace } from "../space/types.js";

/** Classic test functions (minimisation), used as built-in study objectives and in the sampler benchmark. */
type Point = Readonly<Record<string, number | string | boolean>>;

const x = (p: Point, i: number): number => {
  const v = p[`x${i}`];
  if (typeof v !== "number") throw new TypeError(`parameter x${i} must be a number`);
  return v;
};

/** Branin on x0 in [-5, 10], x1 in [0, 15]; global minimum 0.397887. */
export function branin(p: Point): number {
  const x0 = x(p, 0), x1 = x(p, 1);
  const a = 1, b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
  return a * (x1 - b * x0 ** 2 + c * x0 - r) ** 2 + s * (1 - t) * Math.cos(x0) + s;
}

export const braninSpace: SearchSpace = {
  x0: { type: "float", low: -5, high: 10 },
  x1: { type: "float", low: 0, high: 15 },
};

const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const H6_ALPHA = [1, 1.2, 3, 3.2];

/** Hartmann-6 on [0, 1]^6; global minimum -3.32237. */
export function hartmann6(p: Point): number {
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += (H6_A[i]?.[j] ?? 0) * (x(p, j) - (H6_P[i]?.[j] ?? 0)) ** 2;
    total -= (H6_ALPHA[i] ?? 0) * Math.exp(-inner);
  }
  return total;
}

export const hartmann6Space: SearchSpace = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: "float", low: 0, high: 1 }]),
);

/** Rosenbrock in `dim` dimensions on [-5, 10]^dim (the dimension is read off the point); minimum 0. */
export function rosenbrock(p: Point): number {
  const dim = Object.keys(p).filter((k) => /^x\d+$/.test(k)).length;
  let total = 0;
  for (let i = 0; i < dim - 1; i++) total += 100 * (x(p, i + 1) - x(p, i) ** 2) ** 2 + (1 - x(p, i)) ** 2;
  return total;
}

export const rosenbrockSpace = (dim: number): SearchSpace =>
  Object.fromEntries(Array.from({ length: dim }, (_, i) => [`x${i}`, { type: "float", low: -5, high: 10 }]));
