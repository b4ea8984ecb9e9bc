import type { ObjectiveModule } from "@rectune/objective-sdk";
import { FUNCTION_OBJECTIVES } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import { RECOMMENDER, recommenderObjective } from "./recommender-objective.js";

/** The objectives a worker can run, by name: the built-ins, then the operator's modules. */
export type ObjectiveRegistry = ReadonlyMap<string, ObjectiveModule>;

/**
 * The built-in objectives (the synthetic functions and `recommender`) with the operator's modules
 * (RECTUNE_OBJECTIVES) added: one registry, one way to run each. A module named like a built-in is an
 * operator's mistake: it throws, and the worker does not start.
 */
export function objectiveRegistry(
  deps: { cacheDir: string; dataRoots: readonly string[] },
  modules: ReadonlyMap<string, ObjectiveModule> = new Map(),
): ObjectiveRegistry {
  const registry = new Map<string, ObjectiveModule>();
  for (const builtIn of [...FUNCTION_OBJECTIVES, recommenderObjective(deps)])
    registry.set(builtIn.name, builtIn as ObjectiveModule);
  for (const [name, module] of modules) {
    refuseBuiltInName(name);
    registry.set(name, module);
  }
  return registry;
}

/** The built-in objectives' names, which no module may take. */
const BUILT_IN_NAMES: ReadonlySet<string> = new Set([...FUNCTION_OBJECTIVES.map((o) => o.name), RECOMMENDER]);

/** Throws when an operator's module is named like a built-in objective. */
export function refuseBuiltInName(name: string): void {
  if (BUILT_IN_NAMES.has(name)) throw new Error(`objective module "${name}" has the name of a built-in objective`);
}

/**
 * Which objective of the registry a study's target runs, and with which options: a function target the
 * function of its name, a recommender target `recommender`, each with the target itself as options; a
 * module target the module it names, with its `config`. Null for external targets (run by ask/tell clients).
 */
export function objectiveOf(target: Target): { name: string; config: Readonly<Record<string, unknown>> } | null {
  switch (target.kind) {
    case "function":
      return { name: target.name, config: target };
    case "recommender":
      return { name: RECOMMENDER, config: target };
    case "module":
      return { name: target.name, config: target.config };
    case "external":
      return null;
  }
}
