/**
 * Noisy objectives: a trial observes f + sd·N(0, 1) with sd fixed (homoscedastic) or depending on the point
 * (heteroscedastic). A study is scored by the noise-free value of the trial it would report (the best
 * observed), so a sampler gains nothing from a lucky draw.
 */
import { hartmann6, hartmann6Space, type Params } from "../../src/index.js";
import { rotatedRastrigin, sphere } from "./continuous.js";
import { recsysMixed } from "./mixed.js";
import { pointParams, type SuiteProblem } from "./problem.js";

const noisy = (base: SuiteProblem, key: string, noiseSd: SuiteProblem["noiseSd"]): SuiteProblem => ({
  ...base,
  key,
  family: "noisy",
  noiseSd,
});

export const NOISY: SuiteProblem[] = [
  // A shifted 6-D sphere (values ~60 at random points) with noise sd 1: the last digits are noise.
  noisy({ ...sphere(6), key: "sphere-6" }, "noisy-sphere-6", () => 1),
  // Hartmann-6 with noise largest in the good basin (sd 0.02 far from it, 0.12 at the optimum).
  {
    key: "noisy-hartmann-6",
    family: "noisy",
    space: hartmann6Space,
    f: (p: Params) => hartmann6(p as Record<string, number>),
    noiseSd: (_p, v) => 0.02 + (0.1 * Math.max(0, -v)) / 3.32237,
    optimum: -3.32237,
    argmin: pointParams([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]),
  },
  // Multiplicative-like noise: sd grows with the value, so the funnel's floor is quieter than its rim.
  noisy(rotatedRastrigin(4), "noisy-rot-rastrigin-4", (_p, v) => 0.1 * Math.sqrt(Math.max(0, v)) + 0.1),
  // The mixed recommender space with sd 0.01 (a validation metric's seed-to-seed spread).
  noisy(recsysMixed("noisy-recsys"), "noisy-recsys", () => 0.01),
];
