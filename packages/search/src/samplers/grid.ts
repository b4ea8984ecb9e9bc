import { isActive, orderedParams } from "../space/active.js";
import { SearchSpaceError } from "../space/errors.js";
import type { Choice, ParamDef, Params, SearchSpace } from "../space/types.js";
import type { SampleContext, Sampler } from "./sampler.js";

/** Above this many configurations a grid is a mistake in the spec, not a search plan. */
export const MAX_GRID_POINTS = 100_000;

/** Every legal value of one parameter; a float without a step has none to list. */
export function gridValues(name: string, def: ParamDef): Choice[] {
  if (def.type === "categorical") return [...def.choices];
  if (def.type === "float" && def.step === undefined) {
    throw new SearchSpaceError(name, "step", "the grid sampler needs a step for a continuous parameter");
  }
  const step = def.step ?? 1;
  const n = Math.round((def.high - def.low) / step);
  if (n + 1 > MAX_GRID_POINTS)
    throw new SearchSpaceError(name, "step", `the grid has more than ${MAX_GRID_POINTS} values`);
  // Multiply rather than accumulate so that decimal steps do not drift; trim binary noise (0.1 * 3).
  return Array.from({ length: n + 1 }, (_, i) =>
    def.type === "int" ? def.low + i * step : Number.parseFloat((def.low + i * step).toPrecision(15)),
  );
}

/** Every configuration of a finite space, conditions respected (inactive parameters absent). */
export function enumerateGrid(space: SearchSpace): Params[] {
  const names = orderedParams(space);
  const values = new Map(names.map((n) => [n, gridValues(n, space[n]!)]));
  const out: Params[] = [];
  const walk = (i: number, params: Params): void => {
    if (out.length > MAX_GRID_POINTS)
      throw new SearchSpaceError(names[0] ?? "", undefined, `the grid has more than ${MAX_GRID_POINTS} configurations`);
    const name = names[i];
    if (name === undefined) {
      out.push({ ...params });
      return;
    }
    if (!isActive(space, name, params)) {
      walk(i + 1, params);
      return;
    }
    for (const v of values.get(name)!) {
      params[name] = v;
      walk(i + 1, params);
    }
    delete params[name];
  };
  walk(0, {});
  return out;
}

const key = (p: Params): string =>
  JSON.stringify(
    Object.keys(p)
      .sort()
      .map((k) => [k, p[k]]),
  );

/**
 * Exhaustive search of a finite space in random order: each trial takes a configuration no earlier trial
 * (finished or still running) has taken; once all are taken it revisits them at random.
 */
export class GridSampler implements Sampler {
  readonly name = "grid";
  // The enumeration depends only on the space, so it is computed once per space object.
  private cache: { space: SearchSpace; grid: Params[]; keys: string[] } | undefined;

  sample({ space, history, rng }: SampleContext): Params {
    if (this.cache?.space !== space) {
      const grid = enumerateGrid(space);
      this.cache = { space, grid, keys: grid.map(key) };
    }
    const { grid, keys } = this.cache;
    const taken = new Set(history.trials.map((t) => key(t.params)));
    const free: number[] = [];
    for (let i = 0; i < grid.length; i++) if (!taken.has(keys[i]!)) free.push(i);
    const pick = free.length > 0 ? free[rng.int(free.length)]! : rng.int(grid.length);
    return { ...grid[pick]! };
  }
}
