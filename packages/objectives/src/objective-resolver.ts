import { confineDataset } from "@rectune/data-roots";
import { datasetFingerprint, type EpochDecision, runFinalEvaluation, runRecommenderTrial } from "@rectune/recsys";
import {
  functionObjective,
  type Objective,
  type ObjectiveResolver,
  type Refit,
  type RefitResolver,
} from "@rectune/runner";
import { objectivesOf, type RecommenderTarget, type StudySpec, type Target } from "@rectune/spec";
import type { Tf } from "@rectune/tfjs-backend";
import { moduleObjective, type ObjectiveModules } from "./module-objectives.js";

/**
 * Trains and scores a recommender; validation metrics go to the study, test metrics are kept as `test/<metric>`.
 * Gradient-trained models save their weights and optimizer state through the checkpoint store after
 * every reported epoch, so a retried attempt resumes after its last reported epoch and population-based
 * training can copy one trial's model into another. A single-objective study's trials report their best
 * epoch so far on that objective (unless the target asks for `report: "epoch"`). Each epoch reports its
 * own metrics with several objectives (no one epoch is best) and under PBT, which ranks the trials'
 * current models and copies their current checkpoints.
 */
function recommenderObjective(
  tf: Tf,
  target: RecommenderTarget,
  cacheDir: string,
  dataRoots: readonly string[],
): Objective {
  return async ({ params, spec, report, signal, saveCheckpoint, start }) => {
    // Checked again here, not only at submit: the roots of this machine are what count, and a link
    // changed since is caught. The trial reads the real paths that were checked.
    const dataset = await confineDataset(target.dataset, dataRoots);
    const onEpoch = async (epoch: number, metrics: Record<string, number>, last: boolean): Promise<EpochDecision> => {
      const verdict = await report(epoch, metrics, { last });
      return verdict === "stop" || verdict === "continue"
        ? verdict
        : { action: "exploit", params: verdict.params, checkpoint: verdict.checkpoint };
    };
    const objectives = objectivesOf(spec);
    const cutoffs = cutoffsOf(target, spec);
    const monitor = objectives.length === 1 && spec.strategy.pruner.name !== "pbt" ? objectives[0] : undefined;
    const result = await runRecommenderTrial({
      tf,
      target: { ...target, dataset, cutoffs },
      params,
      cacheDir,
      signal,
      onEpoch,
      saveCheckpoint,
      start,
      ...(monitor ? { monitor } : {}),
    });
    const test = Object.fromEntries(Object.entries(result.testMetrics).map(([k, v]) => [`test/${k}`, v]));
    return { metrics: { ...result.metrics, ...test, epochs: result.epochs, bestEpoch: result.bestEpoch } };
  };
}

/** Every cut-off the study optimizes is computed, whatever `cutoffs` lists (`ndcg@5` needs K = 5). */
function cutoffsOf(target: RecommenderTarget, spec: StudySpec): number[] {
  const wanted = objectivesOf(spec)
    .map((o) => Number(/@(\d+)$/.exec(o.metric)?.[1]))
    .filter((k) => Number.isInteger(k));
  return [...new Set([...target.cutoffs, ...wanted])].sort((a, b) => a - b);
}

/** The champion's refit: the same code path as `bench:quality` (runFinalEvaluation). */
function recommenderRefit(tf: Tf, target: RecommenderTarget, cacheDir: string, dataRoots: readonly string[]): Refit {
  return async ({ params, spec, epochs, signal }) => {
    const confined = { ...target, dataset: await confineDataset(target.dataset, dataRoots) };
    const refit = await runFinalEvaluation({
      tf,
      target: { ...confined, cutoffs: cutoffsOf(target, spec) },
      params,
      cacheDir,
      signal,
      ...(epochs === null ? {} : { epochs }),
    });
    return { ...refit, dataset: await datasetFingerprint(confined) };
  };
}

/** Maps a study's target to the refit of its champion: recommenders only (functions have no test split). */
export function createRefitResolver(deps: { tf: Tf; cacheDir: string; dataRoots: readonly string[] }): RefitResolver {
  return (target: Target): Refit | null =>
    target.kind === "recommender" ? recommenderRefit(deps.tf, target, deps.cacheDir, deps.dataRoots) : null;
}

/**
 * Maps a study's target to the code that trains and scores it: the built-in functions and recommenders,
 * and the objective modules this worker loaded (`modules`, by name).
 */
export function createObjectiveResolver(deps: {
  tf: Tf;
  cacheDir: string;
  /** The folders datasets may be read from (see @rectune/data-roots). */
  dataRoots: readonly string[];
  modules?: ObjectiveModules;
  backendName?: string;
}): ObjectiveResolver {
  return (target: Target): Objective => {
    switch (target.kind) {
      case "function":
        return functionObjective(target);
      case "recommender":
        return recommenderObjective(deps.tf, target, deps.cacheDir, deps.dataRoots);
      case "module": {
        const module = deps.modules?.get(target.name);
        if (!module)
          throw new Error(
            `no objective module "${target.name}" on this worker (RECTUNE_OBJECTIVES loads: ${[...(deps.modules?.keys() ?? [])].join(", ") || "none"})`,
          );
        return moduleObjective(module, target.config, { name: deps.backendName ?? "unknown", tf: deps.tf });
      }
      case "external":
        // The scheduler never enqueues these: clients ask for them over HTTP. Reaching here is a bug.
        throw new Error("external targets are run by ask/tell clients, not by the cluster's workers");
    }
  };
}
