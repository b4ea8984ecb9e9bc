/**
 * Training one configuration to its last epoch with the worker's own objective and keeping the metric it
 * reports after every epoch: the recorded curves the benches replay (bench:early-stopping) or tabulate
 * (record-surrogate.ts, the search suite's recorded-recommender problems).
 */
import type { Params } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import type { createObjectiveResolver } from "../src/index.js";

type Objective = ReturnType<ReturnType<typeof createObjectiveResolver>>;

/**
 * The metric after each epoch; a diverged configuration keeps the epochs it reported, then NaN (`onError`
 * hears why).
 */
export async function recordCurve(
  objective: Objective,
  spec: StudySpec,
  params: Params,
  trialNumber: number,
  metric: string,
  onError: (message: string) => void,
): Promise<number[]> {
  const values: number[] = [];
  try {
    await objective.run({
      params,
      spec,
      trialNumber,
      start: null,
      saveCheckpoint: async () => {},
      signal: new AbortController().signal,
      report: async (_epoch, metrics) => {
        values.push(metrics[metric] ?? Number.NaN);
        return "continue";
      },
    });
  } catch (error) {
    values.push(Number.NaN);
    onError(error instanceof Error ? error.message : String(error));
  }
  return values;
}
