import type { TrialRecord } from "../history.js";
import { createRng, deriveSeed } from "../rng.js";
import { type AshaOptions, AshaPruner } from "./asha.js";
import type { DecideContext, StepDecision, Pruner } from "./pruner.js";

/** Stream id that keeps bracket draws apart from the sampler's streams of the same seed. */
const BRACKET_STREAM = 0x48b;

export interface HyperbandBracket {
  /** The bracket's first rung; equal to maxResource: the bracket trains every trial fully. */
  readonly minResource: number;
  /** Trials the bracket starts in one round of classic Hyperband: its share of the study's trials. */
  readonly weight: number;
}

/**
 * Hyperband's brackets (Li et al., 2018): bracket b starts at minResource·η^b, for
 * b = 0 … s_max = ⌊log_η(maxResource / minResource)⌋, and gets ⌈(s_max+1)/(s+1)·η^s⌉ trials with s = s_max − b
 * halvings, so that every bracket spends about the same budget.
 */
export function hyperbandBrackets({ minResource, maxResource, reductionFactor: eta }: AshaOptions): HyperbandBracket[] {
  let sMax = 0;
  while (minResource * eta ** (sMax + 1) <= maxResource) sMax++;
  const brackets: HyperbandBracket[] = [];
  for (let b = 0; b <= sMax; b++) {
    const s = sMax - b;
    brackets.push({ minResource: minResource * eta ** b, weight: Math.ceil(((sMax + 1) / (s + 1)) * eta ** s) });
  }
  return brackets;
}

/**
 * Hyperband as several ASHA brackets in one study. A trial's bracket is drawn from (seed, trial number)
 * alone, so every worker computes every trial's bracket without storing it, and a rung compares a trial
 * only with the trials of its own bracket.
 */
export class HyperbandPruner implements Pruner {
  readonly name = "hyperband";
  readonly brackets: readonly HyperbandBracket[];
  private readonly ashas: readonly AshaPruner[];
  private readonly totalWeight: number;

  constructor(
    options: AshaOptions,
    private readonly seed: number,
  ) {
    this.brackets = hyperbandBrackets(options);
    this.totalWeight = this.brackets.reduce((sum, b) => sum + b.weight, 0);
    this.ashas = this.brackets.map(
      (b, i) =>
        new AshaPruner(
          { ...options, minResource: b.minResource },
          "hyperband",
          (t: TrialRecord) => this.bracketOf(t.number) === i,
        ),
    );
  }

  /** The bracket index of a trial, weighted by the brackets' trial shares. */
  bracketOf(trialNumber: number): number {
    let u = createRng(deriveSeed(this.seed, trialNumber, BRACKET_STREAM)).next() * this.totalWeight;
    for (let i = 0; i < this.brackets.length; i++) {
      u -= (this.brackets[i] as HyperbandBracket).weight;
      if (u < 0) return i;
    }
    return this.brackets.length - 1;
  }

  private ashaOf(trialNumber: number): AshaPruner {
    return this.ashas[this.bracketOf(trialNumber)] as AshaPruner;
  }

  stepsNeeded(trialNumber: number, step: number): readonly number[] {
    return this.ashaOf(trialNumber).stepsNeeded(trialNumber, step);
  }

  decide(ctx: DecideContext): StepDecision {
    return this.ashaOf(ctx.trial.number).decide(ctx);
  }
}
