import {
  FAMILY_PARAM,
  familiesOf,
  familyHyperparameterProblems,
  functionHyperparameters,
  type SpecProblem,
  type StudySpec,
  type TargetHyperparameters,
} from "@rectune/spec";

type Recsys = typeof import("@rectune/recsys");
let recsys: Promise<Recsys> | undefined;

/**
 * The hyperparameters a study's target takes. A model's come from @rectune/recsys's registry, loaded on
 * the first recommender study this process checks (it brings TensorFlow.js, which function studies and
 * every read do without).
 */
export async function targetHyperparameters(target: StudySpec["target"]): Promise<TargetHyperparameters> {
  if (target.kind === "function") return functionHyperparameters(target.name);
  // Ask/tell clients take any names; a module's schema is checked against its workers' announcement.
  if (target.kind === "external") return { names: "any", required: [], label: "external target" };
  if (target.kind === "module") return { names: "any", required: [], label: `objective "${target.name}"` };
  recsys ??= import("@rectune/recsys");
  const { hyperparameterNames } = await recsys;
  if (typeof target.model === "string")
    return { names: hyperparameterNames(target.model), required: [], label: `model "${target.model}"` };
  // Several families: any of their hyperparameters, and the family itself (familyProblems checks which
  // family each one belongs to).
  const families = familiesOf(target);
  return {
    names: [FAMILY_PARAM, ...new Set(families.flatMap((f) => hyperparameterNames(f)))],
    required: [],
    label: `models "${families.join(", ")}"`,
  };
}

/** A study over several families: parameters conditioned on families that do not take them. */
export async function familyProblems(spec: StudySpec): Promise<SpecProblem[]> {
  if (spec.target.kind !== "recommender" || typeof spec.target.model === "string") return [];
  recsys ??= import("@rectune/recsys");
  const { hyperparameterNames } = await recsys;
  return familyHyperparameterProblems(spec, hyperparameterNames);
}
