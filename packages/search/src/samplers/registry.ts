import { AutoSampler } from "./auto.js";
import type { SamplerConfig } from "./config.js";
import { CmaEsSampler } from "./cmaes.js";
import { GpSampler } from "./gp.js";
import { GridSampler } from "./grid.js";
import { Nsga2Sampler } from "./nsga2.js";
import { QmcSampler } from "./qmc.js";
import { TpeSampler } from "./tpe.js";
import { RandomSampler } from "./random.js";
import type { Sampler } from "./sampler.js";

/** What a sampler may know of its study beyond the history: the trial budget (read by "auto"'s rules). */
export interface SamplerContext {
  readonly budget?: number;
}

/** Builds the sampler a study spec names. */
export function createSampler(config: SamplerConfig, context: SamplerContext = {}): Sampler {
  switch (config.name) {
    case "auto":
      return new AutoSampler(createSampler, config.seed ?? 0, { budget: context.budget });
    case "random":
      return new RandomSampler();
    case "grid":
      return new GridSampler();
    case "tpe":
    case "motpe":
      return new TpeSampler(
        {
          multivariate: config.multivariate,
          nStartupTrials: config.nStartupTrials,
          nEiCandidates: config.nEiCandidates,
          constantLiar: config.constantLiar,
          kernelScoring: config.kernelScoring,
        },
        config.name,
      );
    case "nsga2":
      return new Nsga2Sampler({
        populationSize: config.populationSize,
        crossoverProb: config.crossoverProb,
        mutationProb: config.mutationProb,
      });
    case "gp":
      return new GpSampler(
        {
          nStartupTrials: config.nStartupTrials,
          maxPoints: config.maxPoints,
          maxFitPoints: config.maxFitPoints,
          fitIterations: config.fitIterations,
        },
        config.seed ?? 0,
      );
    case "cmaes":
      return new CmaEsSampler({ sigma0: config.sigma0, popsize: config.popsize, restarts: config.restarts });
    case "qmc":
      return new QmcSampler(config.kind ?? "sobol", config.seed ?? 0);
  }
}
