/** Limited-memory BFGS with a backtracking (Armijo) line search and box constraints by projection. */
export interface LbfgsOptions {
  readonly maxIterations: number;
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
  /** Stop when the gradient's largest component falls below this. */
  readonly gradTolerance?: number;
  readonly memory?: number;
}

export type ValueAndGradient = (x: Float64Array) => { value: number; grad: Float64Array };

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Minimizes f from x0; returns the best point seen (never worse than x0). */
export function minimizeLbfgs(
  f: ValueAndGradient,
  x0: ArrayLike<number>,
  opts: LbfgsOptions,
): { x: Float64Array; value: number } {
  const n = x0.length;
  const project = (x: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) {
      const lo = opts.lower?.[i] ?? -Infinity;
      const hi = opts.upper?.[i] ?? Infinity;
      x[i] = Math.min(hi, Math.max(lo, x[i]!));
    }
    return x;
  };
  let x = project(Float64Array.from(x0));
  let { value, grad } = f(x);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const m = opts.memory ?? 8;
  // A coordinate on a bound whose gradient pushes outward is held there. Without this, the full gradient
  // never falls below the tolerance and the projected quasi-Newton step mixes in the blocked coordinates,
  // so the search stalled short of a constrained minimum (e.g. with the GP's noise on its lower bound).
  const free = new Uint8Array(n);
  let lastFree = "";
  for (let it = 0; it < opts.maxIterations; it++) {
    if (!Number.isFinite(value)) break;
    for (let i = 0; i < n; i++) {
      const blocked =
        (x[i]! <= (opts.lower?.[i] ?? -Infinity) && grad[i]! > 0) ||
        (x[i]! >= (opts.upper?.[i] ?? Infinity) && grad[i]! < 0);
      free[i] = blocked ? 0 : 1;
    }
    // The curvature pairs describe the free subspace they were taken in: start afresh when it changes.
    const freeKey = free.join("");
    if (freeKey !== lastFree) {
      ss.length = 0;
      ys.length = 0;
      lastFree = freeKey;
    }
    const pg = grad.map((g, i) => g * free[i]!);
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(pg[i]!));
    if (gmax < (opts.gradTolerance ?? 1e-6)) break;
    // Two-loop recursion on the free coordinates: d = -H g.
    const q = Float64Array.from(pg);
    const alphas: number[] = [];
    for (let k = ss.length - 1; k >= 0; k--) {
      const a = dot(ss[k]!, q) / dot(ys[k]!, ss[k]!);
      alphas[k] = a;
      for (let i = 0; i < n; i++) q[i] = q[i]! - a * ys[k]![i]!;
    }
    const last = ss.length - 1;
    const gamma = last >= 0 ? dot(ss[last]!, ys[last]!) / dot(ys[last]!, ys[last]!) : 1 / Math.max(1, gmax);
    for (let i = 0; i < n; i++) q[i] = q[i]! * gamma;
    for (let k = 0; k < ss.length; k++) {
      const b = dot(ys[k]!, q) / dot(ys[k]!, ss[k]!);
      for (let i = 0; i < n; i++) q[i] = q[i]! + ss[k]![i]! * (alphas[k]! - b);
    }
    let dir = q.map((v, i) => -v * free[i]!);
    if (dot(dir, pg) >= 0) {
      // Not a descent direction (curvature pairs went stale): fall back to steepest descent.
      dir = pg.map((v) => -v / Math.max(1, gmax));
      ss.length = 0;
      ys.length = 0;
    }
    let step = 1;
    let accepted = false;
    for (let ls = 0; ls < 20; ls++) {
      const xn = project(x.map((v, i) => v + step * dir[i]!));
      const trial = f(xn);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += grad[i]! * (xn[i]! - x[i]!);
      if (Number.isFinite(trial.value) && trial.value <= value + 1e-4 * decrease) {
        const s = xn.map((v, i) => v - x[i]!);
        const y = trial.grad.map((v, i) => (v - grad[i]!) * free[i]!);
        if (dot(s, y) > 1e-12) {
          ss.push(s);
          ys.push(y);
          if (ss.length > m) {
            ss.shift();
            ys.shift();
          }
        }
        const improvement = value - trial.value;
        x = xn;
        value = trial.value;
        grad = trial.grad;
        accepted = improvement > 1e-10 * Math.max(1, Math.abs(value));
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
  }
  return { x, value };
}
