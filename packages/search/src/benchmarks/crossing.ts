import type { Params } from "../space/types.js";
import { curveLimit } from "./curve.js";

/** How slowly the `crossing` objective's early advantage fades, in epochs. */
const FADE = 20;

/**
 * The `crossing` objective at epoch `step` (≥ 1): learning curves that cross, as when the configurations
 * that fit fastest overfit. Same space and limit as `curve` (minimised), but the value is
 * limit + (1.2 − 2·limit)·exp(−step/20): until epoch 13 a better limit means a WORSE value, so the
 * early epochs rank the configurations in reverse of their final values and pruning on them throws the
 * best ones away. Noise-free.
 */
export function crossingObjective(params: Params, step: number): number {
  const limit = curveLimit(params);
  return limit + (1.2 - 2 * limit) * Math.exp(-step / FADE);
}
