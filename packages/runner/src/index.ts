export type {
  Checkpoint,
  Objective,
  ObjectiveContext,
  ObjectiveResult,
  ObjectiveResolver,
  StepVerdict,
  RefitContext,
  RefitResult,
} from "./objective.js";
export { anyParams, deterministicValue, functionObjective, FUNCTION_OBJECTIVES } from "./function-objectives.js";
export { pluginObjective, type ObjectiveBackend } from "./plugin-objective.js";
export { TrialRunner, type TrialRunnerOptions, type RunnerLogger } from "./trial-runner.js";
export { RefitRunner, type RefitRunnerOptions } from "./refit-runner.js";
export { StepDecider, type DecisionInput } from "./step-decider.js";
export { classifyFailure, ObjectiveContractError, type FailureKind } from "./objective-errors.js";
