import { runRecommenderTrial } from "@rectune/recsys";
import { functionObjective, type Objective, type ObjectiveResolver } from "@rectune/runner";
import { objectivesOf, type RecommenderTarget, type Target } from "@rectune/spec";
import type { Tf } from "@rectune/tfjs-backend";

/**
 * Trains and scores a recommender; validation metrics go to the study, test metrics are kept as `test/<metric>`.
 * It saves no checkpoints: a retried attempt trains from scratch (its reports replace the earlier
 * attempt's, step by step), and the spec admits population-based training only for targets that do.
 */
function recommenderObjective(tf: Tf, target: RecommenderTarget, cacheDir: string): Objective {
  return async ({ params, spec, report, signal }) => {
    const onEpoch = async (epoch: number, metrics: Record<string, number>) => ((await report(epoch, metrics)) === "stop" ? "stop" : "continue");
    // Every cut-off the study optimizes is computed, whatever `cutoffs` lists (`ndcg@5` needs K = 5).
    const wanted = objectivesOf(spec).map((o) => Number(/@(\d+)$/.exec(o.metric)?.[1])).filter((k) => Number.isInteger(k));
    const cutoffs = [...new Set([...target.cutoffs, ...wanted])].sort((a, b) => a - b);
    const result = await runRecommenderTrial({ tf, target: { ...target, cutoffs }, params, cacheDir, signal, onEpoch });
    const test = Object.fromEntries(Object.entries(result.testMetrics).map(([k, v]) => [`test/${k}`, v]));
    return { metrics: { ...result.metrics, ...test, epochs: result.epochs } };
  };
}

/** Maps a study's target to the code that trains and scores it. */
export function createObjectiveResolver(deps: { tf: Tf; cacheDir: string }): ObjectiveResolver {
  return (target: Target): Objective => {
    switch (target.kind) {
      case "function":
        return functionObjective(target);
      case "recommender":
        return recommenderObjective(deps.tf, target, deps.cacheDir);
    }
  };
}
