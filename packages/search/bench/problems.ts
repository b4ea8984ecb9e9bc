/** The synthetic problems and the loop shared by the sampler benchmarks (samplers.ts, auto.ts). */
import {
  branin,
  braninSpace,
  createSampler,
  hartmann6,
  hartmann6Space,
  recommenderObjective,
  recommenderSpace,
  rosenbrock,
  rosenbrockSpace,
  strategyOf,
  suggest,
  type Params,
  type Sampler,
  type SamplerConfig,
  type SearchSpace,
  type TrialRecord,
} from "../src/index.js";

export interface Problem {
  readonly key: string;
  readonly space: SearchSpace;
  readonly f: (p: Params) => number;
  readonly optimum: number;
}

/** A function of numeric parameters as an objective of any params (every space here is numeric). */
export const num = (f: (p: Record<string, number>) => number) => (p: Params) => f(p as Record<string, number>);

export const PROBLEMS: Problem[] = [
  { key: "branin", space: braninSpace, f: num(branin), optimum: 0.397887 },
  { key: "hartmann6", space: hartmann6Space, f: num(hartmann6), optimum: -3.32237 },
  { key: "rosenbrock5", space: rosenbrockSpace(5), f: num(rosenbrock), optimum: 0 },
  { key: "recommender", space: recommenderSpace, f: recommenderObjective, optimum: 0.05 },
];

export { median } from "./suite/stats.js";

/** One sequential minimizing study of `trials` trials of `sampler`, each value from `evaluate`. */
export function sequentialStudy(
  sampler: Sampler,
  space: SearchSpace,
  seed: number,
  trials: number,
  evaluate: (params: Params) => number,
): TrialRecord[] {
  const history: TrialRecord[] = [];
  for (let n = 0; n < trials; n++) {
    const params = suggest(sampler, space, { directions: ["minimize"], trials: history }, n, seed);
    history.push({
      number: n,
      state: "COMPLETE",
      params,
      values: [evaluate(params)],
      intermediate: new Map(),
      strategy: strategyOf(sampler),
    });
  }
  return history;
}

/** One sequential study of `trials` trials; returns the best value and the trials (with their strategy). */
export function runStudy(
  problem: Problem,
  config: SamplerConfig,
  seed: number,
  trials: number,
): { best: number; history: TrialRecord[] } {
  const sampler = createSampler({ ...config, seed }, { budget: trials });
  const history = sequentialStudy(sampler, problem.space, seed, trials, problem.f);
  return { best: Math.min(...history.map((t) => t.values![0]!)), history };
}
