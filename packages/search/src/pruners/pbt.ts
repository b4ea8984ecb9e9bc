import type { TrialRecord } from "../history.js";
import { createRng, deriveSeed } from "../rng.js";
import { type ExploreOptions, explore } from "./explore.js";
import { directionOf, divergedDecision, isBetter, peersAtStep } from "./peers.js";
import { CONTINUE, type DecideContext, type StepDecision, type Pruner } from "./pruner.js";

/** Stream id that keeps PBT's draws apart from the sampler's and Hyperband's streams. */
const PBT_STREAM = 0x9b7;

export interface PbtOptions extends ExploreOptions {
  /** Steps between perturbations: decisions happen at steps interval, 2·interval, … */
  readonly interval: number;
  /** Share of the population at the bottom that exploits, and at the top that is copied; in (0, 0.5]. */
  readonly quantile: number;
}

/**
 * Population-based training (Jaderberg et al., 2017), asynchronous: at every interval step a trial ranks
 * itself among the trials that reported the same step; in the bottom quantile it copies the weights
 * (checkpoint) and hyperparameters of a trial drawn from the top quantile and explores them.
 * Workers must save a checkpoint at every interval step before they report it.
 */
export class PbtPruner implements Pruner {
  readonly name = "pbt";

  constructor(
    private readonly options: PbtOptions,
    private readonly seed: number,
  ) {
    if (!(Number.isInteger(options.interval) && options.interval >= 1))
      throw new RangeError("interval must be a positive integer");
    if (!(options.quantile > 0 && options.quantile <= 0.5)) throw new RangeError("quantile must be in (0, 0.5]");
  }

  stepsNeeded(_trialNumber: number, step: number): readonly number[] {
    return step % this.options.interval === 0 ? [step] : [];
  }

  decide(ctx: DecideContext): StepDecision {
    const diverged = divergedDecision(ctx);
    if (diverged) return diverged;
    if (ctx.step % this.options.interval !== 0) return CONTINUE;
    const direction = directionOf(ctx);
    const own = { number: ctx.trial.number, value: ctx.trial.intermediate.get(ctx.step) as number };
    // Best first; ties broken by trial number so that every worker sees the same order.
    const ranked = [own, ...peersAtStep(ctx, ctx.step)].sort((a, b) =>
      a.value === b.value ? a.number - b.number : isBetter(a.value, b.value, direction) ? -1 : 1,
    );
    const k = Math.floor(ranked.length * this.options.quantile);
    const position = ranked.findIndex((p) => p.number === own.number);
    if (k < 1 || position < ranked.length - k) return CONTINUE;
    const rng = createRng(deriveSeed(this.seed, ctx.trial.number, ctx.step, PBT_STREAM));
    const source = ranked[rng.int(k)] as { number: number; value: number };
    const sourceTrial = ctx.history.trials.find((t: TrialRecord) => t.number === source.number) as TrialRecord;
    return {
      action: "exploit",
      source: source.number,
      checkpointStep: ctx.step,
      params: explore(sourceTrial.params, ctx.space, rng, this.options),
      reason: `rank ${position + 1} of ${ranked.length} at step ${ctx.step} (bottom ${k}); copies trial ${source.number} (${source.value})`,
    };
  }
}
