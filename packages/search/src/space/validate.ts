import type { ParamDef } from "./types.js";

export interface SpaceIssue {
  readonly param: string;
  readonly field?: string;
  readonly message: string;
}

// Relative tolerance for "step divides the range": specs are written in decimal, steps like 0.1 are inexact.
const STEP_TOLERANCE = 1e-9;

function stepDivides(low: number, high: number, step: number): boolean {
  const n = (high - low) / step;
  return Math.abs(n - Math.round(n)) <= STEP_TOLERANCE * Math.max(1, Math.abs(n));
}

function numericIssues(name: string, def: Extract<ParamDef, { low: number }>): SpaceIssue[] {
  const issues: SpaceIssue[] = [];
  if (!Number.isFinite(def.low) || !Number.isFinite(def.high)) {
    return [{ param: name, field: "low", message: "low and high must be finite numbers" }];
  }
  if (def.low >= def.high)
    issues.push({ param: name, field: "low", message: `low (${def.low}) must be < high (${def.high})` });
  if (def.log && def.low <= 0)
    issues.push({ param: name, field: "low", message: `log scale needs low > 0, got ${def.low}` });
  if (def.type === "int") {
    if (!Number.isInteger(def.low))
      issues.push({ param: name, field: "low", message: "an int parameter needs an integer low" });
    if (!Number.isInteger(def.high))
      issues.push({ param: name, field: "high", message: "an int parameter needs an integer high" });
    if (def.step !== undefined && !Number.isInteger(def.step)) {
      issues.push({ param: name, field: "step", message: "an int parameter needs an integer step" });
    }
  }
  if (def.step !== undefined) {
    if (!(def.step > 0)) issues.push({ param: name, field: "step", message: "step must be > 0" });
    else if (def.log) issues.push({ param: name, field: "step", message: "step cannot be combined with log scale" });
    else if (def.low < def.high && !stepDivides(def.low, def.high, def.step)) {
      issues.push({
        param: name,
        field: "step",
        message: `step ${def.step} does not divide the range [${def.low}, ${def.high}]`,
      });
    }
  }
  return issues;
}

function conditionIssues(name: string, def: ParamDef, space: Readonly<Record<string, ParamDef>>): SpaceIssue[] {
  const issues: SpaceIssue[] = [];
  for (const [parent, values] of Object.entries(def.when ?? {})) {
    const target = space[parent];
    if (!target) {
      issues.push({ param: name, field: "when", message: `condition on unknown parameter "${parent}"` });
    } else if (target.type !== "categorical") {
      issues.push({ param: name, field: "when", message: `condition on "${parent}", which is not categorical` });
    } else if (values.length === 0) {
      issues.push({ param: name, field: "when", message: `condition on "${parent}" lists no values` });
    } else {
      for (const v of values) {
        if (!target.choices.includes(v)) {
          issues.push({
            param: name,
            field: "when",
            message: `condition value ${JSON.stringify(v)} is not a choice of "${parent}"`,
          });
        }
      }
    }
  }
  return issues;
}

/** Depth-first search for a cycle through `when` conditions; returns one parameter on the cycle. */
function findCycle(space: Readonly<Record<string, ParamDef>>): string | undefined {
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string): string | undefined => {
    const s = state.get(name);
    if (s === "done") return undefined;
    if (s === "visiting") return name;
    state.set(name, "visiting");
    for (const parent of Object.keys(space[name]?.when ?? {})) {
      if (space[parent]) {
        const hit = visit(parent);
        if (hit) return hit;
      }
    }
    state.set(name, "done");
    return undefined;
  };
  for (const name of Object.keys(space)) {
    const hit = visit(name);
    if (hit) return hit;
  }
  return undefined;
}

/** Every semantic problem of a structurally valid space (the zod schema checks the structure). */
export function spaceIssues(space: Readonly<Record<string, ParamDef>>): SpaceIssue[] {
  const issues: SpaceIssue[] = [];
  if (Object.keys(space).length === 0) issues.push({ param: "", message: "the search space has no parameters" });
  for (const [name, def] of Object.entries(space)) {
    if (def.type === "categorical") {
      if (def.choices.length === 0)
        issues.push({ param: name, field: "choices", message: "choices must not be empty" });
      if (new Set(def.choices).size !== def.choices.length) {
        issues.push({ param: name, field: "choices", message: "choices must be distinct" });
      }
    } else {
      issues.push(...numericIssues(name, def));
    }
    issues.push(...conditionIssues(name, def, space));
  }
  const cyclic = findCycle(space);
  if (cyclic) issues.push({ param: cyclic, field: "when", message: "conditions form a cycle" });
  return issues;
}
