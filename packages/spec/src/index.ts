export {
  studySpecSchema,
  strategySchema,
  DEPRECATED_PRUNER_KEY,
  warmStartSchema,
  objectivesOf,
  familyHyperparameterProblems,
  cheapFamiliesOf,
  type StudySpec,
  type StudySpecInput,
  type Objective,
} from "./study-spec.js";
export {
  targetSchema,
  functionTargetSchema,
  recommenderTargetSchema,
  externalTargetSchema,
  moduleTargetSchema,
  datasetSchema,
  fileDatasetSchema,
  syntheticDatasetSchema,
  featureFileSchema,
  columnMappingSchema,
  preprocessSchema,
  splitSchema,
  FUNCTION_TARGETS,
  RECOMMENDER_MODELS,
  recommenderModelSchema,
  type RecommenderModel,
  DATASET_FORMATS,
  type Target,
  type FunctionTarget,
  type RecommenderTarget,
  type ExternalTarget,
  type ModuleTarget,
  type RecommenderTargetInput,
  type DatasetConfig,
  type FileDatasetConfig,
  type SyntheticDatasetConfig,
  type FeatureFileConfig,
  type SplitConfig,
  type PreprocessConfig,
} from "./target.js";
export {
  resourcesSchema,
  acceleratorsServedBy,
  acceleratorOf,
  ACCELERATORS,
  type Accelerator,
  type Resources,
} from "./resources.js";
export { isMetricName, RANKED_METRICS, PLAIN_METRICS } from "./metrics.js";
export {
  parseStudySpec,
  parseStudySpecText,
  readStudySpecText,
  deprecationsOf,
  StudySpecError,
  problemsOf,
  fieldPath,
  type SpecProblem,
} from "./parse.js";
export { maxEpochsOf, reportEveryOf, CURVE_STEPS, CLOSED_FORM_MODELS } from "./epochs.js";
export { trialPruner } from "./trial-pruner.js";
export { FAMILY_PARAM, CHEAP_FAMILIES, familiesOf, selectsFamily, trialFamily } from "./families.js";
export { didYouMean } from "./did-you-mean.js";
export { functionHyperparameters, SPEC_LIMITS, targetProblems, type TargetHyperparameters } from "./target-check.js";
export { slotsFor, whyNotOn, whyUnservable, type WorkerCapacity, type TrialNeeds } from "./placement.js";
