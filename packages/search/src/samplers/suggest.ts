import type { StudyHistory } from "../history.js";
import { createRng, deriveSeed } from "../rng.js";
import type { Params, SearchSpace } from "../space/types.js";
import type { Sampler } from "./sampler.js";

/**
 * Asks a sampler for trial `trialNumber`. The random stream depends only on (seed, trialNumber), so a
 * restarted scheduler proposes the same configuration for the same trial number and history.
 */
export function suggest(
  sampler: Sampler,
  space: SearchSpace,
  history: StudyHistory,
  trialNumber: number,
  seed: number,
): Params {
  return sampler.sample({ space, history, trialNumber, rng: createRng(deriveSeed(seed, trialNumber)) });
}
