import { type Registry, trialDurationHistogram } from "@rectune/metrics";
import type { ObjectiveResolver } from "@rectune/runner";
import { FAMILY_PARAM, type Target } from "@rectune/spec";

/**
 * A trial's target as a metric label: the function's or the model's name (a handful of values, never an
 * id); in a study over several families, the family the trial trains.
 */
const targetLabel = (target: Target, params: Readonly<Record<string, unknown>>): string =>
  target.kind !== "recommender"
    ? (target.name ?? target.kind)
    : typeof target.model === "string"
      ? target.model
      : String(params[FAMILY_PARAM]);

/** Times every trial of the objectives `resolve` returns into the worker's trial duration histogram (refits are not trials). */
export function timedObjectives(resolve: ObjectiveResolver, registry: Registry): ObjectiveResolver {
  const durations = trialDurationHistogram(registry);
  return (target) => {
    const objective = resolve(target);
    return {
      ...objective,
      run: async (ctx) => {
        const end = durations.startTimer({ target: targetLabel(target, ctx.params) });
        try {
          const result = await objective.run(ctx);
          end({ outcome: "complete" });
          return result;
        } catch (error) {
          end({ outcome: ctx.signal.aborted ? "interrupted" : "failed" });
          throw error;
        }
      },
    };
  };
}
