import { type Registry, trialDurationHistogram } from "@rectune/metrics";
import type { ObjectiveResolver } from "@rectune/runner";
import type { Target } from "@rectune/spec";

/** A trial's target as a metric label: the function's or the model's name (a handful of values, never an id). */
const targetLabel = (target: Target): string =>
  target.kind === "recommender" ? target.model : (target.name ?? target.kind);

/** Times every objective `resolve` returns into the worker's trial duration histogram. */
export function timedObjectives(resolve: ObjectiveResolver, registry: Registry): ObjectiveResolver {
  const durations = trialDurationHistogram(registry);
  return (target) => {
    const objective = resolve(target);
    return async (ctx) => {
      const end = durations.startTimer({ target: targetLabel(target) });
      try {
        const result = await objective(ctx);
        end({ outcome: "complete" });
        return result;
      } catch (error) {
        end({ outcome: ctx.signal.aborted ? "interrupted" : "failed" });
        throw error;
      }
    };
  };
}
