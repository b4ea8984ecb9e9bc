import { z } from "zod";
import type { ObjectiveModule } from "./define-objective.js";

/** A module's params as JSON Schema (what the API checks a module study's space against). */
export const paramsJsonSchema = (module: ObjectiveModule): Record<string, unknown> =>
  z.toJSONSchema(module.params, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;

/** The annotation an announced schema carries when its module has a refit (JSON Schema ignores unknown keywords). */
const REFIT_KEYWORD = "x-rectune-refit";

/**
 * What a worker announces of a module in the `workers` table: its params' JSON Schema, annotated when the
 * module has a `refit` (the scheduler then refits a finished study's champion before completing it).
 */
export const announcedSchema = (module: ObjectiveModule): Record<string, unknown> => ({
  ...paramsJsonSchema(module),
  ...(module.refit ? { [REFIT_KEYWORD]: true } : {}),
});

/** Whether an announced schema (see announcedSchema) says that its module has a refit. */
export const announcesRefit = (schema: unknown): boolean =>
  typeof schema === "object" && schema !== null && (schema as Record<string, unknown>)[REFIT_KEYWORD] === true;

/**
 * The params schemas that live workers (seen within `staleAfterMs`) announced for objective `name` in the
 * `workers` table: what the API checks a study's space against, and whether the module has a refit.
 */
export function liveSchemas(
  workers: readonly { readonly lastSeenAt: Date; readonly objectives: Readonly<Record<string, unknown>> }[],
  name: string,
  staleAfterMs: number,
): Record<string, unknown>[] {
  const now = Date.now();
  return workers
    .filter((w) => now - w.lastSeenAt.getTime() <= staleAfterMs)
    .map((w) => w.objectives[name])
    .filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null);
}

/** One parameter of a study's search space, as far as this check reads it. */
type SpaceParam =
  | { readonly type: "float" | "int"; readonly low: number; readonly high: number }
  | { readonly type: "categorical"; readonly choices: readonly unknown[] };

interface PropertySchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
}

/**
 * Where a study's space asks for values the module's params schema (as announced, JSON Schema) refuses:
 * a parameter it does not take, a range beyond its bounds, a float for an integer, a choice outside its
 * enum, or a parameter it requires (with no default) that the space does not set. Empty when it fits.
 */
export function spaceMisfits(
  space: Readonly<Record<string, SpaceParam>>,
  schema: Readonly<Record<string, unknown>>,
  name: string,
): { param: string; message: string }[] {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  const required = (schema.required ?? []) as string[];
  const out: { param: string; message: string }[] = [];
  const say = (param: string, message: string) => out.push({ param, message: `objective ${name} ${message}` });
  for (const [param, def] of Object.entries(space)) {
    const prop = properties[param];
    if (!prop) {
      say(param, `takes no parameter "${param}" (it takes ${Object.keys(properties).join(", ") || "none"})`);
      continue;
    }
    if (def.type === "categorical") {
      const outside = prop.enum ? def.choices.filter((c) => !prop.enum!.includes(c)) : [];
      if (outside.length > 0)
        say(param, `takes ${param} in ${JSON.stringify(prop.enum)}, not ${JSON.stringify(outside)}`);
      continue;
    }
    if (prop.type === "integer" && def.type === "float")
      say(param, `takes an integer ${param}; the space samples floats`);
    if (prop.type !== undefined && prop.type !== "number" && prop.type !== "integer")
      say(param, `takes a ${prop.type} ${param}; the space samples numbers`);
    if (prop.minimum !== undefined && def.low < prop.minimum)
      say(param, `takes ${param} >= ${prop.minimum}; the space starts at ${def.low}`);
    if (prop.exclusiveMinimum !== undefined && def.low <= prop.exclusiveMinimum)
      say(param, `takes ${param} > ${prop.exclusiveMinimum}; the space starts at ${def.low}`);
    if (prop.maximum !== undefined && def.high > prop.maximum)
      say(param, `takes ${param} <= ${prop.maximum}; the space goes to ${def.high}`);
    if (prop.exclusiveMaximum !== undefined && def.high >= prop.exclusiveMaximum)
      say(param, `takes ${param} < ${prop.exclusiveMaximum}; the space goes to ${def.high}`);
  }
  for (const param of required) if (!(param in space)) say(param, `needs "${param}", which the space does not set`);
  return out;
}
