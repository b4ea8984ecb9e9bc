export {
  defineObjective,
  isObjectiveModule,
  type ObjectiveModule,
  type ObjectiveTrial,
  type TrialCheckpoint,
} from "./define-objective.js";
