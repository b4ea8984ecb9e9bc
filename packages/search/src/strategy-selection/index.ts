export {
  autoPlan,
  spaceTraits,
  GP_BUDGET,
  GP_PATIENCE,
  LARGE_SPACE_DIMS,
  MODEL_STARTUP,
  type Arm,
  type AutoPlan,
  type SpaceTraits,
} from "./rules.js";
export { armOf, trialCredits, AUTO_PREFIX, TOP_QUANTILE, type TrialCredit } from "./credit.js";
export { armPosteriors, betaSample, leader, shares, thompson, DISCOUNT, type ArmPosterior } from "./bandit.js";
export { spearman } from "./rank-correlation.js";
export { clipParams, clipValue, warmStartConfigs, type PastTrial, type WarmStartConfig } from "./warm-start.js";
export {
  portfolioReport,
  parameterSplit,
  type PortfolioReport,
  type ArmReport,
  type PrunerReport,
  type SplitReport,
} from "./report.js";
