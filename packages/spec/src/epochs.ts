import type { SearchSpace } from "@rectune/search";
import { familiesOf } from "./families.js";
import type { Target } from "./target.js";

/** Epochs a `curve` or `crossing` function target reports when its spec gives no `steps`: three η = 3 rungs below the full budget. */
export const CURVE_STEPS = 27;

/** Recommender models fitted in one pass (they report a single "epoch"). */
export const CLOSED_FORM_MODELS: readonly string[] = ["pop", "itemknn", "ease"];

/** Epochs of a model trained by gradient descent when neither the space nor `fixed` sets them. */
const DEFAULT_EPOCHS = 20;

/**
 * The most steps (epochs) one trial of this target reports, which early stopping can cut short;
 * undefined for targets that report only their result (closed-form functions, `sleep`).
 * Recommenders: the upper bound of a tuned `epochs`, else the fixed one, else the models' default.
 */
export function maxEpochsOf(target: Target, space: SearchSpace): number | undefined {
  if (target.kind === "function")
    return target.name === "curve" || target.name === "crossing" ? (target.steps ?? CURVE_STEPS) : undefined;
  if (target.kind === "external" || target.kind === "module") return target.steps;
  if (familiesOf(target).every((m) => CLOSED_FORM_MODELS.includes(m))) return 1;
  const tuned = space.epochs;
  if (tuned && (tuned.type === "int" || tuned.type === "float")) return Math.floor(tuned.high);
  if (tuned && tuned.type === "categorical")
    return Math.max(...tuned.choices.filter((c): c is number => typeof c === "number"));
  const fixed = target.fixed.epochs;
  return typeof fixed === "number" ? fixed : DEFAULT_EPOCHS;
}

/** A trial reports its value every this many epochs (and after the last): recommenders' `evalEvery`, else 1. */
export const reportEveryOf = (target: Target): number => (target.kind === "recommender" ? target.evalEvery : 1);
