import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minimizeLbfgs, type ValueAndGradient } from "./lbfgs.js";

const rosenbrock: ValueAndGradient = (x) => {
  const [a, b] = [x[0]!, x[1]!];
  return {
    value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
    grad: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
  };
};

/** Σ s_i (x_i - c_i)²: minimum 0 at c. */
const quadratic =
  (scale: readonly number[], centre: readonly number[]): ValueAndGradient =>
  (x) => ({
    value: scale.reduce((s, si, i) => s + si * (x[i]! - centre[i]!) ** 2, 0),
    grad: Float64Array.from(scale, (si, i) => 2 * si * (x[i]! - centre[i]!)),
  });

describe("minimizeLbfgs", () => {
  it("finds Rosenbrock's minimum from the classic start (-1.2, 1)", () => {
    const { x, value } = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 200, gradTolerance: 1e-8 });
    expect(Math.abs(x[0]! - 1)).toBeLessThan(1e-4);
    expect(Math.abs(x[1]! - 1)).toBeLessThan(1e-4);
    expect(value).toBeLessThan(1e-8);
  });

  it("finds an ill-conditioned quadratic's minimum (condition number up to 10^4, property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })), {
          minLength: 1,
          maxLength: 10,
        }),
        (dims) => {
          const scale = dims.map(([e]) => 10 ** e);
          const centre = dims.map(([, c]) => c);
          const { x } = minimizeLbfgs(quadratic(scale, centre), new Float64Array(dims.length), {
            maxIterations: 500,
            gradTolerance: 1e-9,
          });
          centre.forEach((c, i) => expect(Math.abs(x[i]! - c)).toBeLessThan(1e-5));
        },
      ),
      { numRuns: 100, seed: 23 },
    );
  });

  it("keeps to the box: a minimum outside it ends on the bound", () => {
    // Unconstrained minimum (3, -2, 0.5); the box [-1, 1]³ puts it at (1, -1, 0.5).
    const { x } = minimizeLbfgs(quadratic([1, 4, 2], [3, -2, 0.5]), [0, 0, 0], {
      maxIterations: 100,
      lower: [-1, -1, -1],
      upper: [1, 1, 1],
    });
    expectCloseTo([...x], [1, -1, 0.5]);
    // Rosenbrock with a ≤ 0.5: the constrained minimum is (0.5, 0.25).
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 500, upper: [0.5, 10], gradTolerance: 1e-9 });
    expect(r.x[0]).toBeLessThanOrEqual(0.5);
    expectCloseTo([...r.x], [0.5, 0.25]);
  });

  it("starts from the projection of x0 and never returns a point worse than it", () => {
    const f = quadratic([1], [0]);
    // x0 = 5 projects onto the upper bound 2; the minimum in [1, 2] is 1.
    const { x, value } = minimizeLbfgs(f, [5], { maxIterations: 50, lower: [1], upper: [2] });
    expect(x[0]).toBeCloseTo(1, 6);
    expect(value).toBeCloseTo(1, 6);
    // A function that is infinite everywhere but at x0: the answer is x0.
    const spike: ValueAndGradient = (v) => ({ value: v[0] === 0.3 ? 1 : Infinity, grad: Float64Array.of(1) });
    expect(minimizeLbfgs(spike, [0.3], { maxIterations: 10 })).toEqual({ x: Float64Array.of(0.3), value: 1 });
  });
});

function expectCloseTo(got: number[], want: number[]): void {
  got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4));
}
