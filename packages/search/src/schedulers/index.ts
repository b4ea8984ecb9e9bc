export { CONTINUE, type DecideContext, type StepDecision, type TrialScheduler } from "./scheduler.js";
export {
  schedulerConfigSchema,
  schedulerConfigObjectSchema,
  schedulerNames,
  schedulerStrategySchema,
  type SchedulerConfig,
  type SchedulerConfigInput,
  type SchedulerStrategy,
} from "./config.js";
export { createScheduler } from "./registry.js";
export { NoScheduler } from "./none.js";
export { PercentileScheduler, type PercentileOptions } from "./percentile.js";
export { AshaScheduler, isPromotable, promotionSlots, rungSteps, type AshaOptions } from "./asha.js";
export { HyperbandScheduler, hyperbandBrackets, type HyperbandBracket } from "./hyperband.js";
export { PbtScheduler, type PbtOptions } from "./pbt.js";
export { explore, type ExploreOptions } from "./explore.js";
export { simulateStudy, type DecisionEvent, type SimulationOptions, type SimulationResult } from "./simulate.js";
export {
  curveLimit,
  curveObjective,
  curveSpace,
  curveTrainable,
  phasedGain,
  phasedOptimum,
  phasedSpace,
  phasedTrainable,
  type SyntheticTrainable,
} from "../benchmarks/curve.js";
export { crossingObjective } from "../benchmarks/crossing.js";
export { configKey, recordedTrainable } from "../benchmarks/recorded.js";
