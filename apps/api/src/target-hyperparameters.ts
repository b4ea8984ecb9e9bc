import { functionHyperparameters, type StudySpec, type TargetHyperparameters } from "@rectune/spec";

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
  return { names: hyperparameterNames(target.model), required: [], label: `model "${target.model}"` };
}
