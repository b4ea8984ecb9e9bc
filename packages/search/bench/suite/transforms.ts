/** BBOB's coordinate transforms (Hansen et al., "Real-parameter black-box optimization benchmarking 2009"). */

/** T_osz: a smooth, symmetric-breaking oscillation; T_osz(0) = 0, so it keeps the optimum where it was. */
export function tosz(x: number): number {
  if (x === 0) return 0;
  const h = Math.log(Math.abs(x));
  const c1 = x > 0 ? 10 : 5.5;
  const c2 = x > 0 ? 7.9 : 3.1;
  return Math.sign(x) * Math.exp(h + 0.049 * (Math.sin(c1 * h) + Math.sin(c2 * h)));
}

/** T_asy^beta: makes the positive side of each coordinate steeper, more so for later coordinates. */
export function tasy(z: readonly number[], beta: number): number[] {
  const d = z.length;
  return z.map((x, i) => (x > 0 ? x ** (1 + beta * (d > 1 ? i / (d - 1) : 0) * Math.sqrt(x)) : x));
}

/** Λ^alpha: the diagonal scaling alpha^(i / (2(d - 1))), conditioning number sqrt(alpha). */
export const lambda = (d: number, alpha: number): number[] =>
  Array.from({ length: d }, (_, i) => alpha ** (d > 1 ? (0.5 * i) / (d - 1) : 0));
