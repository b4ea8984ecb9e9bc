import type { Direction, TrialRecord } from "../history.js";
import { directionOf, divergedDecision, peersAtStep, rankAmong } from "./peers.js";
import { CONTINUE, type DecideContext, type StepDecision, type Pruner } from "./pruner.js";

export interface AshaOptions {
  /** Resource (epochs) of the first rung. */
  readonly minResource: number;
  /** The full budget of one trial: reaching it completes the trial, so it is no rung. */
  readonly maxResource: number;
  /** η: a trial leaves a rung only if it is in the top 1/η of the trials that reached it. */
  readonly reductionFactor: number;
}

/** The rung steps: minResource·η^k for k = 0, 1, … while below maxResource. */
export function rungSteps({ minResource, maxResource, reductionFactor }: AshaOptions): number[] {
  const rungs: number[] = [];
  for (let r = minResource; r < maxResource; r *= reductionFactor) rungs.push(r);
  return rungs;
}

/**
 * How many trials of a rung may leave it: the top ⌊n/η⌋ of the n trials that reached it, and at least
 * the best one. Trials cannot be suspended and resumed later (a worker decides as soon as it reports),
 * so until η trials reached a rung the best of them so far goes on, as in Optuna's SuccessiveHalvingPruner.
 */
export const promotionSlots = (reached: number, reductionFactor: number): number =>
  Math.max(1, Math.floor(reached / reductionFactor));

/** Whether `value` leaves its rung, given the values the other trials reported at that rung. */
export function isPromotable(
  value: number,
  others: readonly number[],
  reductionFactor: number,
  direction: Direction,
): boolean {
  return rankAmong(value, others, direction) <= promotionSlots(others.length + 1, reductionFactor);
}

/**
 * Asynchronous successive halving (Li et al., 2020). `sameBracket` narrows the trials a rung compares
 * with: Hyperband runs several ASHA brackets in one study.
 */
export class AshaPruner implements Pruner {
  private readonly rungs: ReadonlySet<number>;

  constructor(
    readonly options: AshaOptions,
    readonly name = "asha",
    private readonly sameBracket: (t: TrialRecord) => boolean = () => true,
  ) {
    const { minResource, maxResource, reductionFactor } = options;
    if (!(Number.isInteger(minResource) && minResource >= 1))
      throw new RangeError("minResource must be a positive integer");
    if (!(Number.isInteger(maxResource) && maxResource >= minResource))
      throw new RangeError("maxResource must be an integer ≥ minResource");
    if (!(Number.isInteger(reductionFactor) && reductionFactor >= 2))
      throw new RangeError("reductionFactor must be an integer ≥ 2");
    this.rungs = new Set(rungSteps(options));
  }

  stepsNeeded(_trialNumber: number, step: number): readonly number[] {
    return this.rungs.has(step) ? [step] : [];
  }

  decide(ctx: DecideContext): StepDecision {
    const diverged = divergedDecision(ctx);
    if (diverged) return diverged;
    if (!this.rungs.has(ctx.step)) return CONTINUE;
    const direction = directionOf(ctx);
    const value = ctx.trial.intermediate.get(ctx.step) as number;
    const others = peersAtStep(ctx, ctx.step, this.sameBracket).map((p) => p.value);
    const eta = this.options.reductionFactor;
    if (isPromotable(value, others, eta, direction)) return CONTINUE;
    const rank = rankAmong(value, others, direction);
    return {
      action: "prune",
      reason:
        `rank ${rank} of ${others.length + 1} at rung ${ctx.step}; ` +
        `only the top ${promotionSlots(others.length + 1, eta)} (1/${eta}) go on`,
    };
  }
}
