import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isObjectiveModule, type ObjectiveModule } from "@rectune/objective-sdk";
import { refuseBuiltInName } from "./objective-registry.js";

/** The objective modules a worker loaded, by name. */
export type ObjectiveModules = ReadonlyMap<string, ObjectiveModule>;

/**
 * Loads the modules RECTUNE_OBJECTIVES lists (comma-separated file paths, relative to `baseDir`, or
 * package names) and collects every export made by defineObjective. A listed module without one, two
 * objectives of one name, or one named like a built-in, is an operator's mistake: it throws, and the
 * worker does not start.
 */
export async function loadObjectiveModules(list: string | undefined, baseDir: string): Promise<ObjectiveModules> {
  const modules = new Map<string, ObjectiveModule>();
  const specifiers = (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const specifier of specifiers) {
    const isPath = specifier.startsWith(".") || isAbsolute(specifier);
    const exports = (await import(isPath ? pathToFileURL(resolve(baseDir, specifier)).href : specifier)) as Record<
      string,
      unknown
    >;
    const found = Object.values(exports).filter(isObjectiveModule);
    if (found.length === 0) throw new Error(`${specifier}: exports no objective (made with defineObjective)`);
    for (const module of found) {
      refuseBuiltInName(module.name);
      if (modules.has(module.name) && modules.get(module.name) !== module)
        throw new Error(`${specifier}: a second objective named "${module.name}"`);
      modules.set(module.name, module);
    }
  }
  return modules;
}
