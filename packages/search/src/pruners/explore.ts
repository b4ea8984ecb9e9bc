import type { Rng } from "../rng.js";
import { isActive, orderedParams } from "../space/active.js";
import { fromInternal, fromUnit, toInternal } from "../space/transform.js";
import type { Params, SearchSpace } from "../space/types.js";

export interface ExploreOptions {
  /** A numeric value is multiplied by one of these, drawn uniformly (Ray Tune's 0.8 / 1.2). */
  readonly perturbFactors: readonly number[];
  /** Chance that a parameter is drawn afresh from its prior instead of perturbed. */
  readonly resampleProbability: number;
}

/**
 * PBT's explore step: every active parameter of `params` is either resampled from the space or
 * perturbed (numbers scaled by a factor and put back on the legal grid, categoricals moved to a
 * neighbouring choice). Parameters a changed condition switches on are sampled, those it switches off dropped.
 */
export function explore(params: Params, space: SearchSpace, rng: Rng, options: ExploreOptions): Params {
  const next: Params = {};
  for (const name of orderedParams(space)) {
    const def = space[name];
    if (!def || !isActive(space, name, next)) continue;
    const current = params[name];
    if (current === undefined || rng.next() < options.resampleProbability) {
      next[name] = fromUnit(def, rng.next());
    } else if (def.type === "categorical") {
      const i = def.choices.indexOf(current);
      const j = Math.min(def.choices.length - 1, Math.max(0, i + (rng.next() < 0.5 ? -1 : 1)));
      next[name] = def.choices[j] ?? current;
    } else {
      const factor = options.perturbFactors[rng.int(options.perturbFactors.length)] ?? 1;
      const scaled = (current as number) * factor;
      // fromInternal clips to the bounds and rounds to the step / integer grid.
      next[name] = fromInternal(def, toInternal(def, scaled));
    }
  }
  return next;
}
