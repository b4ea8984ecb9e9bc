import { bestUpTo, directionOf, divergedDecision, isBetter, peersAtStep, percentile } from "./peers.js";
import { CONTINUE, type DecideContext, type StepDecision, type Pruner } from "./pruner.js";

export interface PercentileOptions {
  /**
   * Trials whose best value so far is worse than this percentile of the others' values at the step are
   * pruned: 25 keeps the top quarter, 50 is the median rule.
   */
  readonly percentile: number;
  /** Steps before this one are never pruned (early epochs are too noisy to judge). */
  readonly warmupSteps: number;
  /** No pruning until at least this many other trials reported the same step. */
  readonly minTrials: number;
  /** Decide only every `interval` steps after the warm-up. */
  readonly interval: number;
}

/**
 * The median / percentile stopping rule (Optuna's PercentilePruner): at step s, a trial whose best value
 * up to s is worse than the given percentile of the values other trials reported at s is pruned.
 */
export class PercentilePruner implements Pruner {
  constructor(
    readonly name: string,
    private readonly options: PercentileOptions,
  ) {
    if (!(options.percentile > 0 && options.percentile < 100)) throw new RangeError("percentile must be in (0, 100)");
  }

  private decides(step: number): boolean {
    const { warmupSteps, interval } = this.options;
    return step > warmupSteps && (step - warmupSteps - 1) % interval === 0;
  }

  stepsNeeded(_trialNumber: number, step: number): readonly number[] {
    return this.decides(step) ? [step] : [];
  }

  decide(ctx: DecideContext): StepDecision {
    const diverged = divergedDecision(ctx);
    if (diverged) return diverged;
    if (!this.decides(ctx.step)) return CONTINUE;
    const direction = directionOf(ctx);
    // Finite: the report at this step is.
    const best = bestUpTo(ctx.trial, ctx.step, direction) as number;
    const others = peersAtStep(ctx, ctx.step).map((p) => p.value);
    if (others.length < this.options.minTrials) return CONTINUE;
    // For maximisation the kept share is the top of the distribution: mirror the percentile.
    const p = direction === "minimize" ? this.options.percentile : 100 - this.options.percentile;
    const threshold = percentile(others, p);
    if (!isBetter(best, threshold, direction) && best !== threshold) {
      return {
        action: "prune",
        reason:
          `best value ${best} up to step ${ctx.step} is outside the top ${this.options.percentile}% ` +
          `(threshold ${threshold} over ${others.length} trials)`,
      };
    }
    return CONTINUE;
  }
}
