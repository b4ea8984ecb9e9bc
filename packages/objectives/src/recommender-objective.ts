import { confineDataset } from "@rectune/data-roots";
import { defineObjective, type ObjectiveModule, type TrialStudy } from "@rectune/objective-sdk";
import { datasetFingerprint, type EpochDecision, runFinalEvaluation, runRecommenderTrial } from "@rectune/recsys";
import { anyParams } from "@rectune/runner";
import type { Params } from "@rectune/search";
import { type RecommenderTarget, recommenderTargetSchema } from "@rectune/spec";
import type { Tf } from "@rectune/tfjs-backend";

/** The built-in recommender objective's name: a study's recommender target runs it. */
export const RECOMMENDER = "recommender";

/** Every cut-off the study optimizes is computed, whatever `cutoffs` lists (`ndcg@5` needs K = 5). */
export function cutoffsOf(target: RecommenderTarget, objectives: TrialStudy["objectives"]): number[] {
  const wanted = objectives.map((o) => Number(/@(\d+)$/.exec(o.metric)?.[1])).filter((k) => Number.isInteger(k));
  return [...new Set([...target.cutoffs, ...wanted])].sort((a, b) => a - b);
}

/**
 * The built-in `recommender` objective, a plug-in like an operator's: its options are the study's
 * recommender target (model, data set, cut-offs). Trains and scores a recommender with the worker's tfjs;
 * validation metrics go to the study, test metrics are kept as `test/<metric>`. Gradient-trained models
 * save their weights and optimizer state as checkpoints after every reported epoch, so a retried attempt
 * resumes after its last reported epoch and population-based training can copy one trial's model into
 * another. A single-objective study's trials report their best epoch so far on that objective (unless the
 * target asks for `report: "epoch"`). Each epoch reports its own metrics with several objectives (no one
 * epoch is best) and under PBT, which ranks the trials' current models and copies their current checkpoints.
 * Its refit retrains the study's champion on training + validation for the champion's best epoch count and
 * scores it once on test: the same code path as `bench:quality` (runFinalEvaluation).
 */
export function recommenderObjective(deps: {
  cacheDir: string;
  dataRoots: readonly string[];
}): ObjectiveModule<Params> {
  return defineObjective({
    name: RECOMMENDER,
    params: anyParams,
    async run({ params, config, study, report, checkpoint, signal, backend }) {
      const target = recommenderTargetSchema.parse(config);
      // Checked again here, not only at submit: the roots of this machine are what count, and a link
      // changed since is caught. The trial reads the real paths that were checked.
      const dataset = await confineDataset(target.dataset, deps.dataRoots);
      const onEpoch = async (epoch: number, metrics: Record<string, number>, last: boolean): Promise<EpochDecision> => {
        const verdict = await report(epoch, metrics, { last });
        if (verdict.prune) return "stop";
        return verdict.exploit
          ? { action: "exploit", params: verdict.exploit.params, checkpoint: verdict.exploit.checkpoint }
          : "continue";
      };
      const monitor = study.objectives.length === 1 && study.pruner !== "pbt" ? study.objectives[0] : undefined;
      const result = await runRecommenderTrial({
        tf: backend.tf as Tf,
        target: { ...target, dataset, cutoffs: cutoffsOf(target, study.objectives) },
        params,
        cacheDir: deps.cacheDir,
        signal,
        onEpoch,
        saveCheckpoint: checkpoint.save,
        start: checkpoint.load(),
        ...(monitor ? { monitor } : {}),
      });
      const test = Object.fromEntries(Object.entries(result.testMetrics).map(([k, v]) => [`test/${k}`, v]));
      return { ...result.metrics, ...test, epochs: result.epochs, bestEpoch: result.bestEpoch };
    },
    async refit({ params, config, study, bestStep, signal, backend }) {
      const target = recommenderTargetSchema.parse(config);
      const confined = { ...target, dataset: await confineDataset(target.dataset, deps.dataRoots) };
      const refit = await runFinalEvaluation({
        tf: backend.tf as Tf,
        target: { ...confined, cutoffs: cutoffsOf(target, study.objectives) },
        params,
        cacheDir: deps.cacheDir,
        signal,
        ...(bestStep === null ? {} : { epochs: bestStep }),
      });
      return {
        testMetrics: refit.testMetrics,
        steps: refit.epochs,
        weights: refit.weights,
        dataset: await datasetFingerprint(confined),
      };
    },
  });
}
