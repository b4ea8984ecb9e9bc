import type { StudyHistory } from "../history.js";
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
}
