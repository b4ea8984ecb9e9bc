export type {
  Choice,
  Condition,
  FloatParam,
  IntParam,
  CategoricalParam,
  ParamDef,
  SearchSpace,
  Params,
} from "./space/types.js";
export { SearchSpaceError } from "./space/errors.js";
export { spaceIssues, type SpaceIssue } from "./space/validate.js";
export { searchSpaceSchema, paramSchema, parseSearchSpace } from "./space/schema.js";
export { isActive, orderedParams } from "./space/active.js";
export { configIssues, type ConfigIssue } from "./space/config-issues.js";
export { fromUnit, toUnit, contains, internalBounds, fromInternal, toInternal } from "./space/transform.js";
export { createRng, deriveSeed, type Rng } from "./rng.js";
export {
  isFinished,
  isPending,
  type Direction,
  type TrialState,
  type TrialRecord,
  type MutableTrialRecord,
  type TrialStrategy,
  type StudyHistory,
} from "./history.js";
export { strategyOf, type Sampler, type SampleContext, type SamplerDecision } from "./samplers/sampler.js";
export { RandomSampler } from "./samplers/random.js";
export { samplerConfigSchema, samplerNames, type SamplerConfig } from "./samplers/config.js";
export { createSampler, type SamplerContext } from "./samplers/registry.js";
export { AutoSampler, type AutoOptions } from "./samplers/auto.js";
export * from "./strategy-selection/index.js";
export { suggest } from "./samplers/suggest.js";
export { GridSampler, enumerateGrid, gridValues, MAX_GRID_POINTS } from "./samplers/grid.js";
export { QmcSampler, type QmcKind } from "./samplers/qmc.js";
export { TpeSampler, tpeGamma, tpeWeights, type TpeOptions } from "./samplers/tpe.js";
export { GpSampler, type GpOptions } from "./samplers/gp.js";
export { CmaEsSampler, cmaParams, type CmaEsOptions } from "./samplers/cmaes.js";
export { Nsga2Sampler, type Nsga2Options } from "./samplers/nsga2.js";
export { rankFinished, completedTrials, minimizedValues } from "./samplers/ranking.js";
export {
  dominates,
  paretoFront,
  nondominatedSort,
  crowdingDistance,
  rankByDominance,
  type Point,
} from "./multiobjective/pareto.js";
export { hypervolume } from "./multiobjective/hypervolume.js";
export { createStudy, Study, type StudyOptions, type Trial, type TellOutcome } from "./study/study.js";
export { branin, braninSpace, hartmann6, hartmann6Space, rosenbrock, rosenbrockSpace } from "./benchmarks/functions.js";
export { recommenderObjective, recommenderSpace } from "./benchmarks/recommender.js";
export * from "./pruners/index.js";
export {
  autoRungs,
  canPrune,
  rungCorrelations,
  prunerLabel,
  selectPruner,
  type PrunerSelection,
  type PrunerSelectionInput,
} from "./pruners/auto.js";
export {
  AutoPrunerChoice,
  type AutoPrunerStudy,
  type PrunerChoice,
  type PrunerDecision,
  type StepValuesReader,
} from "./pruners/auto-choice.js";
