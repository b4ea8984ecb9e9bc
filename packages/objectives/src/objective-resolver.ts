import { type Objective, type ObjectiveResolver, pluginObjective } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import type { Tf } from "@rectune/tfjs-backend";
import type { ObjectiveModules } from "./module-objectives.js";
import { objectiveOf, objectiveRegistry } from "./objective-registry.js";

/**
 * Maps a study's target to the code that trains and scores it: the objective of the registry (built-ins
 * and the modules this worker loaded) the target names, run the one way every objective runs.
 */
export function createObjectiveResolver(deps: {
  tf: Tf;
  cacheDir: string;
  /** The folders datasets may be read from (see @rectune/data-roots). */
  dataRoots: readonly string[];
  modules?: ObjectiveModules;
  backendName?: string;
}): ObjectiveResolver {
  const registry = objectiveRegistry(deps, deps.modules);
  const backend = { name: deps.backendName ?? "unknown", tf: deps.tf };
  return (target: Target): Objective => {
    const chosen = objectiveOf(target);
    // The scheduler never enqueues external trials: clients ask for them over HTTP. Reaching here is a bug.
    if (!chosen) throw new Error("external targets are run by ask/tell clients, not by the cluster's workers");
    const objective = registry.get(chosen.name);
    if (!objective)
      throw new Error(
        `no objective module "${chosen.name}" on this worker (RECTUNE_OBJECTIVES loads: ${[...(deps.modules?.keys() ?? [])].join(", ") || "none"})`,
      );
    return pluginObjective(objective, chosen.config, backend);
  };
}
