/**
 * f evaluated at `x` moved by ±h along coordinate `q`: the two sides of a central difference, for
 * checking an analytic gradient ((up − down) / 2h).
 */
export function centralSides<T>(f: (x: Float64Array) => T, x: ArrayLike<number>, q: number, h: number): [T, T] {
  const up = Float64Array.from(x);
  const down = Float64Array.from(x);
  up[q]! += h;
  down[q]! -= h;
  return [f(up), f(down)];
}

/** The central-difference estimate of ∂f/∂x_q at `x`. */
export function centralDifference(f: (x: Float64Array) => number, x: ArrayLike<number>, q: number, h = 1e-6): number {
  const [up, down] = centralSides(f, x, q, h);
  return (up - down) / (2 * h);
}
