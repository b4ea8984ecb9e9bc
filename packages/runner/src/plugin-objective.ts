import type { ObjectiveModule, ReportVerdict, TrialStudy } from "@rectune/objective-sdk";
import { objectivesOf, type StudySpec } from "@rectune/spec";
import type { Objective } from "./objective.js";

/** The compute backend a trial's objective gets: its name and the loaded TensorFlow.js module. */
export interface ObjectiveBackend {
  readonly name: string;
  readonly tf: unknown;
}

/** What a trial's objective needs to know of its study. */
const studyOf = (spec: StudySpec): TrialStudy => ({
  objectives: objectivesOf(spec),
  pruner: spec.strategy.pruner.name,
});

/**
 * The one way the runner runs an objective, built-in or an operator's: an objective made with
 * defineObjective, seen through the runner's objective interface. Params (and an exploit's params) are
 * parsed with the objective's schema (a configuration it refuses fails the trial, naming the field),
 * each report is answered with the study's decision, checkpoints go to the cluster's store; the champion's
 * refit, when the objective has one, gets the champion's params parsed the same way.
 */
export function pluginObjective(
  plugin: ObjectiveModule,
  config: Readonly<Record<string, unknown>>,
  backend: ObjectiveBackend,
): Objective {
  const parse = (params: unknown): unknown => {
    const parsed = plugin.params.safeParse(params);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(
      `objective ${plugin.name} refuses the configuration: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`,
    );
  };
  const run: Objective["run"] = async ({ params, spec, trialNumber, report, saveCheckpoint, start, signal }) => {
    const metrics = await plugin.run({
      params: parse(params),
      number: trialNumber,
      config,
      study: studyOf(spec),
      report: async (step, values, options): Promise<ReportVerdict<unknown>> => {
        const verdict = await report(step, values, options);
        if (verdict === "continue") return { prune: false };
        if (verdict === "stop") return { prune: true };
        return { prune: false, exploit: { params: parse(verdict.params), checkpoint: verdict.checkpoint } };
      },
      checkpoint: { save: saveCheckpoint, load: () => start },
      signal,
      backend,
    });
    return { metrics };
  };
  const refit = plugin.refit?.bind(plugin);
  if (!refit) return { run };
  return {
    run,
    refit: async ({ params, spec, trialNumber, bestStep, signal }) =>
      refit({ params: parse(params), number: trialNumber, config, study: studyOf(spec), bestStep, signal, backend }),
  };
}
