import type { Direction } from "../history.js";
import type { Params, SearchSpace } from "../space/types.js";
import type { SyntheticTrainable } from "./curve.js";

/** A configuration's identity: its parameters in name order. */
export const configKey = (params: Params): string =>
  JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k]]),
  );

/**
 * Replays learning curves recorded from real training (curve[t - 1] = the value after epoch t), keyed
 * by `configKey`. Seeded training makes a configuration's curve the same whether it runs to the end or
 * is stopped early, so every pruner can be compared on one set of fully trained curves: a pruned
 * trial is the prefix of its curve. A configuration with no value for an epoch (it diverged) reads NaN.
 */
export function recordedTrainable(
  space: SearchSpace,
  direction: Direction,
  curves: ReadonlyMap<string, readonly number[]>,
): SyntheticTrainable<null> {
  const steps = Math.max(0, ...[...curves.values()].map((c) => c.length));
  return {
    space,
    direction,
    steps,
    init: () => null,
    train: () => null,
    value: (_state, params, step) => curves.get(configKey(params))?.[step - 1] ?? Number.NaN,
  };
}
