import { selectsFamily, trialFamily, type RecommenderModel, type RecommenderTarget } from "@rectune/spec";
import { hyperparameterNames } from "./registry.js";

type Value = string | number | boolean;

/**
 * The family a trial trains and the values it is built from: the target's `fixed` values overridden by
 * the trial's params. In a study over several families, `fixed` is shared, so each family takes only
 * the fixed values it has a hyperparameter for (`epochs` means nothing to EASE), then its own `fixedFor`.
 */
export function familyValues(
  target: Pick<RecommenderTarget, "model" | "fixed" | "fixedFor">,
  params: Readonly<Record<string, Value>>,
): { readonly model: RecommenderModel; readonly values: Record<string, Value> } {
  const { model, params: own } = trialFamily(target, params);
  if (!selectsFamily(target)) return { model, values: { ...target.fixed, ...own } };
  const names = hyperparameterNames(model);
  const fixed = Object.fromEntries(Object.entries(target.fixed).filter(([name]) => names.includes(name)));
  return { model, values: { ...fixed, ...target.fixedFor[model], ...own } };
}
