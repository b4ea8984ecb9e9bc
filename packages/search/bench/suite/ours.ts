/** Our samplers on a suite problem, scored like Optuna's (evaluate.ts). */
import { createSampler, TpeSampler, type Sampler, type TpeOptions } from "../../src/index.js";
import { sequentialStudy } from "../problems.js";
import { StudyScore } from "./evaluate.js";
import type { SuiteProblem } from "./problem.js";

/** One of our samplers as the suite runs it: built per (seed, budget); `budgetAware` ones run each budget separately. */
export interface OurSampler {
  readonly key: string;
  readonly budgetAware: boolean;
  build(seed: number, budget: number): Sampler;
}

export const ourTpe = (opts: TpeOptions = {}, key = "tpe"): OurSampler => ({
  key,
  budgetAware: false,
  build: () => new TpeSampler(opts),
});

/** `auto` reads the study's budget (its warm-up length and candidates depend on it). */
export const ourAuto: OurSampler = {
  key: "auto",
  budgetAware: true,
  build: (seed, budget) => createSampler({ name: "auto", seed }, { budget }),
};

/** The trace (StudyScore.trace) of one sequential study of `trials` trials. */
export function ourTrace(problem: SuiteProblem, sampler: OurSampler, seed: number, trials: number): number[] {
  const score = new StudyScore(problem, seed);
  sequentialStudy(sampler.build(seed, trials), problem.space, seed, trials, (params) => score.observe(params));
  return score.trace;
}
