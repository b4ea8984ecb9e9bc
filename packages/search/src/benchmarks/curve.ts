import type { Direction } from "../history.js";
import type { Params, SearchSpace } from "../space/types.js";

/**
 * Synthetic learning curves with known answers, for testing and benchmarking pruners without
 * training a model. Noise-free, so every figure derived from them is exact and reproducible.
 */

/** A trainable synthetic objective: a state (the "weights") trained one epoch at a time. */
export interface SyntheticTrainable<S> {
  readonly space: SearchSpace;
  readonly direction: Direction;
  /** The epochs one trial trains. */
  readonly steps: number;
  init(): S;
  /** Trains epoch `step` (1-based) with `params` and returns the new state; never mutates `state`. */
  train(state: S, params: Params, step: number): S;
  /** The validation value after epoch `step`. */
  value(state: S, params: Params, step: number): number;
}

function numberParam(params: Params, name: string): number {
  const v = params[name];
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new TypeError(`synthetic objective needs a numeric parameter "${name}"`);
  return v;
}

/** The `curve` objective's space: a quality knob `x` and a log-scaled learning rate `lr`. */
export const curveSpace: SearchSpace = {
  x: { type: "float", low: 0, high: 1 },
  lr: { type: "float", low: 1e-4, high: 1, log: true },
};

/** The value `curve` converges to (a loss, minimised): 0 at x = 0.7, lr = 0.01. */
export function curveLimit(params: Params): number {
  const x = numberParam(params, "x");
  const u = (Math.log10(numberParam(params, "lr")) + 4) / 4;
  return (x - 0.7) ** 2 + 0.5 * (u - 0.5) ** 2;
}

/**
 * The `curve` objective at epoch `step` (≥ 1): a validation loss decaying to `curveLimit` as
 * limit + 0.5·exp(−rate·step), where a larger learning rate learns faster (rate 0.15 … 0.75) but
 * converges to a worse limit once it passes 0.01. Early ranks are therefore mostly, not perfectly,
 * predictive of final ranks: fast learners with a slightly worse limit lead in the first epochs.
 */
export function curveObjective(params: Params, step: number): number {
  const u = (Math.log10(numberParam(params, "lr")) + 4) / 4;
  const rate = 0.3 + 0.4 * u;
  return curveLimit(params) + 0.1 * Math.exp(-rate * step);
}

export const curveTrainable = (steps: number): SyntheticTrainable<null> => ({
  space: curveSpace,
  direction: "minimize",
  steps,
  init: () => null,
  train: () => null,
  value: (_state, params, step) => curveObjective(params, step),
});

/** The phased objective's space: one hyperparameter `h` whose best value moves halfway through training. */
export const phasedSpace: SearchSpace = { h: { type: "float", low: 0, high: 1 } };

/** The best `h` for epoch `step` of `steps`: 0.8 in the first half, 0.2 in the second. */
export const phasedOptimum = (step: number, steps: number): number => (step <= steps / 2 ? 0.8 : 0.2);

/**
 * One epoch's gain of the phased objective, in (0, 1/steps]: highest when `h` is at the current
 * optimum. A fixed `h` scores at most about 0.5 over a run; following the moving optimum scores up to 1.
 */
export function phasedGain(params: Params, step: number, steps: number): number {
  const h = numberParam(params, "h");
  return Math.exp(-(((h - phasedOptimum(step, steps)) / 0.2) ** 2)) / steps;
}

/** Population-based training's test objective: the state is the score so far (maximised). */
export const phasedTrainable = (steps: number): SyntheticTrainable<number> => ({
  space: phasedSpace,
  direction: "maximize",
  steps,
  init: () => 0,
  train: (score, params, step) => score + phasedGain(params, step, steps),
  value: (score) => score,
});
