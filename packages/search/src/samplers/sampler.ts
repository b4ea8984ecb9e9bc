import type { StudyHistory, TrialStrategy } from "../history.js";
import type { Rng } from "../rng.js";
import type { Params, SearchSpace } from "../space/types.js";

export interface SampleContext {
  readonly space: SearchSpace;
  readonly history: StudyHistory;
  /** The number the new trial will get; with the seed it fixes the trial's random stream. */
  readonly trialNumber: number;
  /** Seeded from the sampler's seed and the trial number. */
  readonly rng: Rng;
}

/**
 * A sampler reads the study's history and proposes one configuration. It must not mutate the history,
 * do I/O, or use randomness other than `ctx.rng` (and state derived only from the history).
 */
export interface Sampler {
  readonly name: string;
  sample(ctx: SampleContext): Params;
  /**
   * What to store as the strategy of the trial the last `sample` proposed, when it says more than the
   * name (the auto sampler: which arm proposed it).
   */
  readonly lastStrategy?: TrialStrategy;
  /** A decision the last `sample` took (the auto sampler's plan and switches), for the decision log. */
  readonly lastDecision?: SamplerDecision;
}

/** One entry of a study's strategy decision log. */
export interface SamplerDecision {
  /** The trial whose proposal took the decision. */
  readonly trial: number;
  readonly kind: "plan" | "bandit" | "switch";
  readonly from?: string;
  readonly to: string;
  readonly reason: string;
  /** Each candidate's share of the next trials at that point. */
  readonly shares: Readonly<Record<string, number>>;
}

/** The strategy to record with the trial the sampler just proposed. */
export const strategyOf = (sampler: Sampler): TrialStrategy => sampler.lastStrategy ?? { sampler: sampler.name };
