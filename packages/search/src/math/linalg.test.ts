import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cholesky, choleskyInverse, solveLower, solveUpperT, symmetricEigen } from "./linalg.js";

/** Row-major product of n×n matrices (a · bᵀ when `transposeB`). */
function multiply(a: Float64Array, b: Float64Array, n: number, transposeB = false): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * (transposeB ? b[j * n + k]! : b[k * n + j]!);
      out[i * n + j] = s;
    }
  return out;
}

const matVec = (a: Float64Array, n: number, x: ArrayLike<number>): number[] =>
  Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, k) => a[i * n + k]! * x[k]!).reduce((s, v) => s + v, 0),
  );

const identity = (n: number): Float64Array =>
  Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));

/** A random SPD matrix B Bᵀ + n I, n from 1 to 8, entries of B in [-3, 3]. */
const spd = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((entries) => {
    const b = Float64Array.from(entries);
    const a = multiply(b, b, n, true);
    for (let i = 0; i < n; i++) a[i * n + i]! += n;
    return { a, n };
  }),
);

const expectClose = (got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(tol);
};

describe("cholesky", () => {
  it("factors a textbook matrix exactly", () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    expect(Array.from(cholesky(a, 3)!)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it("returns a lower-triangular L with a positive diagonal and L Lᵀ = A (property)", () => {
    fc.assert(
      fc.property(spd, ({ a, n }) => {
        const l = cholesky(a, n)!;
        for (let i = 0; i < n; i++) {
          expect(l[i * n + i]).toBeGreaterThan(0);
          for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
        }
        expectClose(multiply(l, l, n, true), a, 1e-9 * (1 + Math.max(...a.map(Math.abs))));
      }),
      { numRuns: 200, seed: 20 },
    );
  });

  it("refuses matrices that are not positive definite", () => {
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 2)).toBeNull(); // eigenvalues 3 and -1
    expect(cholesky(Float64Array.of(1, 1, 1, 1), 2)).toBeNull(); // singular
    expect(cholesky(Float64Array.of(0, 0, 0, 1), 2)).toBeNull();
  });
});

describe("triangular solves and the inverse", () => {
  it("solve a known system: A x = b through L y = b, Lᵀ x = y", () => {
    const a = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const l = cholesky(a, 3)!;
    // A (1, -2, 3)ᵀ = (-68, -191, 364)ᵀ; L (-34, 13, 9)ᵀ = the same.
    const y = solveLower(l, 3, [-68, -191, 364]);
    expect(Array.from(y)).toEqual([-34, 13, 9]);
    expectClose(solveUpperT(l, 3, y), [1, -2, 3], 1e-12);
  });

  it("recover x from A x for random SPD systems, and A A⁻¹ = I (property)", () => {
    fc.assert(
      fc.property(
        spd,
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 8, maxLength: 8 }),
        ({ a, n }, xs) => {
          const l = cholesky(a, n)!;
          const x = xs.slice(0, n);
          expectClose(solveUpperT(l, n, solveLower(l, n, matVec(a, n, x))), x, 1e-8);
          const inv = choleskyInverse(l, n);
          expectClose(multiply(a, inv, n), identity(n), 1e-9);
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
        },
      ),
      { numRuns: 200, seed: 21 },
    );
  });
});

describe("symmetricEigen", () => {
  it("finds a known spectrum", () => {
    const { values } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expectClose([...values].sort(), [1, 3], 1e-12);
    const diag = symmetricEigen(Float64Array.of(5, 0, 0, 0, -1, 0, 0, 0, 2), 3);
    expect(Array.from(diag.values)).toEqual([5, -1, 2]);
  });

  it("returns orthonormal eigenvectors with A V = V diag(values) (property)", () => {
    fc.assert(
      fc.property(spd, ({ a, n }) => {
        const { values, vectors: v } = symmetricEigen(a, n);
        expectClose(multiply(v, v, n, true), identity(n), 1e-9);
        const av = multiply(a, v, n);
        const vd = v.map((x, idx) => x * values[idx % n]!);
        expectClose(av, vd, 1e-8 * (1 + Math.max(...values)));
      }),
      { numRuns: 100, seed: 22 },
    );
  });
});
