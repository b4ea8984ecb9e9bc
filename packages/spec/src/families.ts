import type { RecommenderModel, RecommenderTarget } from "./target.js";

/** The space parameter that carries a trial's model family when `target.model` lists several. */
export const FAMILY_PARAM = "model";

/** Families fitted in closed form in one pass: cheap next to the gradient-trained ones. */
export const CHEAP_FAMILIES: readonly RecommenderModel[] = ["pop", "itemknn", "ease"];

/** The families a recommender target may train, in the spec's order. */
export const familiesOf = (target: Pick<RecommenderTarget, "model">): readonly RecommenderModel[] =>
  typeof target.model === "string" ? [target.model] : [...new Set(target.model)];

/** True when the study selects among several families (its trials carry `model`). */
export const selectsFamily = (target: Pick<RecommenderTarget, "model">): boolean => typeof target.model !== "string";

/**
 * The family one trial trains and its hyperparameters without the family itself: a target with one
 * family trains it; a target listing several trains the trial's `model` parameter, which must be one of them.
 */
export function trialFamily<V>(
  target: Pick<RecommenderTarget, "model">,
  params: Readonly<Record<string, V>>,
): { readonly model: RecommenderModel; readonly params: Record<string, V> } {
  if (typeof target.model === "string") return { model: target.model, params: { ...params } };
  const { [FAMILY_PARAM]: chosen, ...rest } = params;
  const model = target.model.find((m) => m === chosen);
  if (model === undefined)
    throw new Error(
      `trial parameter "${FAMILY_PARAM}" is ${String(chosen)}; expected one of ${target.model.join(", ")}`,
    );
  return { model, params: rest };
}
