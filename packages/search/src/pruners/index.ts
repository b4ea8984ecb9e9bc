export { CONTINUE, type DecideContext, type StepDecision, type Pruner } from "./pruner.js";
export {
  prunerConfigSchema,
  prunerConfigObjectSchema,
  prunerNames,
  prunerStrategySchema,
  type PrunerConfig,
  type PrunerConfigInput,
  type PrunerStrategy,
} from "./config.js";
export { createPruner } from "./registry.js";
export { NoPruner } from "./none.js";
export { PercentilePruner, type PercentileOptions } from "./percentile.js";
export { AshaPruner, isPromotable, promotionSlots, rungSteps, type AshaOptions } from "./asha.js";
export { HyperbandPruner, hyperbandBrackets, type HyperbandBracket } from "./hyperband.js";
export { PbtPruner, type PbtOptions } from "./pbt.js";
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
