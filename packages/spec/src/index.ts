export { studySpecSchema, strategySchema, objectivesOf, type StudySpec, type StudySpecInput, type Objective } from "./study-spec.js";
export {
  targetSchema,
  functionTargetSchema,
  recommenderTargetSchema,
  datasetSchema,
  FUNCTION_TARGETS,
  RECOMMENDER_MODELS,
  type Target,
  type FunctionTarget,
  type RecommenderTarget,
} from "./target.js";
export { isMetricName, RANKED_METRICS, PLAIN_METRICS } from "./metrics.js";
export { parseStudySpec, parseStudySpecText, StudySpecError, problemsOf, fieldPath, type SpecProblem } from "./parse.js";
