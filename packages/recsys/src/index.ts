export type { Tf } from "./tf.js";
export {
  runRecommenderTrial,
  score,
  TrainingDivergedError,
  type RecommenderTrialArgs,
  type RecommenderTrialResult,
  type EpochDecision,
  type TrainingCheckpoint,
} from "./trial.js";
export {
  hyperparameterNames,
  hyperparameterSchema,
  parseHyperparameters,
  createModel,
  HyperparameterError,
  type RecommenderModelName,
} from "./models/registry.js";
export type { Recommender, TrainingData, EpochContext } from "./models/recommender.js";
export { DataError } from "./data/data-error.js";
export type { Dataset, FeatureTable } from "./data/dataset.js";
export { loadDataset } from "./data/load-dataset.js";
export { prepareDataset } from "./data/prepare.js";
export { prepareTrialData, clearPreparedDataMemory, type PreparedData } from "./data/prepared-data.js";
export { generateSynthetic } from "./data/synthetic.js";
export { splitDataset, type Split } from "./split/split.js";
export { listOf, type UserLists } from "./split/user-lists.js";
export { evaluate, type EvaluationInput } from "./metrics/evaluate.js";
export {
  fetchDataset,
  DatasetFetchError,
  type FetchDatasetOptions,
  type FetchedDataset,
} from "./data/fetch-dataset.js";
export { DATASET_REGISTRY, type DatasetEntry } from "./data/dataset-registry.js";
export {
  runFinalEvaluation,
  loadRefitModel,
  refitData,
  type FinalEvaluationArgs,
  type FinalEvaluation,
} from "./final-evaluation.js";
export { familyValues } from "./models/family-values.js";
export { trainPlusValid } from "./split/merge.js";
export { modelWeights } from "./train/training-state.js";
export { servedState } from "./trial-checkpoint-format.js";
export { datasetFingerprint } from "./data/fingerprint.js";
