import type { SearchSpace } from "../space/types.js";

/**
 * Standard test functions for samplers (minimization), taking parameters x0..x{n-1}. The worker reuses them
 * as built-in objectives, so they accept any Record<string, number> and read only their own keys.
 */
type Point = Readonly<Record<string, number>>;

const coord = (p: Point, i: number): number => {
  const v = p[`x${i}`];
  if (typeof v !== "number") throw new TypeError(`missing numeric parameter x${i}`);
  return v;
};

/** Branin-Hoo on x0 in [-5, 10], x1 in [0, 15]; minimum 0.397887 at three points. */
export function branin(p: Point): number {
  const x = coord(p, 0);
  const y = coord(p, 1);
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
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
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));
const H6_C = [1.0, 1.2, 3.0, 3.2];

/** Hartmann-6 on [0, 1]^6; minimum -3.32237. */
export function hartmann6(p: Point): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H6_A[i]![j]! * (coord(p, j) - H6_P[i]![j]!) ** 2;
    s -= H6_C[i]! * Math.exp(-inner);
  }
  return s;
}

export const hartmann6Space: SearchSpace = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: "float", low: 0, high: 1 }]),
);

/** Rosenbrock in as many dimensions as x0, x1, ... are given; minimum 0 at (1, ..., 1). */
export function rosenbrock(p: Point): number {
  let n = 0;
  while (typeof p[`x${n}`] === "number") n++;
  let s = 0;
  for (let i = 0; i + 1 < n; i++) s += 100 * (coord(p, i + 1) - coord(p, i) ** 2) ** 2 + (1 - coord(p, i)) ** 2;
  return s;
}

/** Rosenbrock's usual box [-2, 2]^dim. */
export function rosenbrockSpace(dim: number): SearchSpace {
  return Object.fromEntries(Array.from({ length: dim }, (_, i) => [`x${i}`, { type: "float", low: -2, high: 2 }]));
}
