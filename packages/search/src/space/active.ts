import type { Params, SearchSpace } from "./types.js";

/**
 * Parameter names ordered so that every parameter comes after the parameters its condition reads.
 * Samplers fill parameters in this order and skip the inactive ones.
 */
export function orderedParams(space: SearchSpace): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string): void => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const parent of Object.keys(space[name]?.when ?? {})) place(parent);
    order.push(name);
  };
  for (const name of Object.keys(space).sort()) place(name);
  return order;
}

/** Whether `name` is active given the (partially filled) configuration. */
export function isActive(space: SearchSpace, name: string, params: Params): boolean {
  const def = space[name];
  if (!def) return false;
  for (const [parent, values] of Object.entries(def.when ?? {})) {
    const value = params[parent];
    if (value === undefined || !values.includes(value)) return false;
  }
  return true;
}
