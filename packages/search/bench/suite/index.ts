/** The benchmark suite: every problem, by family. */
import { CONDITIONAL } from "./conditional.js";
import { CONTINUOUS } from "./continuous.js";
import { MIXED } from "./mixed.js";
import { NOISY } from "./noisy.js";
import { PLATEAU } from "./plateau.js";
import type { SuiteProblem } from "./problem.js";

export const SUITE: readonly SuiteProblem[] = [...CONTINUOUS, ...MIXED, ...CONDITIONAL, ...NOISY, ...PLATEAU];
export type { Family, SuiteProblem } from "./problem.js";
