import { isActive, orderedParams } from "./active.js";
import { contains } from "./transform.js";
import type { ParamDef, SearchSpace } from "./types.js";

/** What is wrong with one parameter of a configuration a user chose. */
export interface ConfigIssue {
  readonly param: string;
  readonly message: string;
}

/** The values a parameter takes, as a user reads them. */
function expected(def: ParamDef): string {
  if (def.type === "categorical") return `one of ${def.choices.map((c) => JSON.stringify(c)).join(", ")}`;
  const kind = def.type === "int" ? "an integer" : "a number";
  return `${kind} in [${def.low}, ${def.high}]${def.step !== undefined ? ` on a grid of step ${def.step}` : ""}`;
}

/**
 * Whether a user-chosen configuration (an enqueued trial) is one the space could have produced: every
 * active parameter set to a legal value, no inactive or unknown parameter. Empty when it is.
 */
export function configIssues(space: SearchSpace, params: Readonly<Record<string, unknown>>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(params))
    if (!space[name]) issues.push({ param: name, message: "not a parameter of the study's space" });
  for (const name of orderedParams(space)) {
    const def = space[name]!;
    const active = isActive(space, name, params as Parameters<typeof isActive>[2]);
    const value = params[name];
    if (!active) {
      if (value !== undefined) issues.push({ param: name, message: "inactive under this configuration's conditions" });
    } else if (value === undefined) issues.push({ param: name, message: `missing: expected ${expected(def)}` });
    else if (!contains(def, value)) issues.push({ param: name, message: `expected ${expected(def)}` });
  }
  return issues;
}
