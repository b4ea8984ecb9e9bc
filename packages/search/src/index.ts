export type { Choice, Condition, FloatParam, IntParam, CategoricalParam, ParamDef, SearchSpace, Params } from "./space/types.js";
export { SearchSpaceError } from "./space/errors.js";
export { spaceIssues, type SpaceIssue } from "./space/validate.js";
export { searchSpaceSchema, paramSchema, parseSearchSpace } from "./space/schema.js";
export { isActive, orderedParams } from "./space/active.js";
export { fromUnit, toUnit, contains, internalBounds, fromInternal, toInternal } from "./space/transform.js";
export { createRng, deriveSeed, type Rng } from "./rng.js";
export {
  isFinished,
  isPending,
  type Direction,
  type TrialState,
  type TrialRecord,
  type TrialStrategy,
  type StudyHistory,
} from "./history.js";
export type { Sampler, SampleContext } from "./samplers/sampler.js";
export { RandomSampler } from "./samplers/random.js";
export { samplerConfigSchema, samplerNames, type SamplerConfig } from "./samplers/config.js";
export { createSampler } from "./samplers/registry.js";
export { suggest } from "./samplers/suggest.js";
export { branin, braninSpace, hartmann6, hartmann6Space, rosenbrock, rosenbrockSpace } from "./benchmarks/functions.js";
export * from "./schedulers/index.js";
