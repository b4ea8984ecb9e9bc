export {
  importance,
  MIN_TRIALS,
  type Importance,
  type ParamImportance,
  type ScoredTrial,
  type ImportanceOptions,
} from "./importance.js";
export { fitForest, DEFAULT_FOREST, type TreeNode, type ForestOptions } from "./forest.js";
export { mainEffects } from "./fanova.js";
export { lttb, type CurvePoint } from "./downsample.js";
export {
  selectCurves,
  stepBands,
  type TrialCurve,
  type StepBand,
  type CurveSelection,
  type CurveOptions,
} from "./curves.js";
export { paretoIndices } from "./pareto.js";
