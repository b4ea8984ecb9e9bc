export {
  defineObjective,
  isObjectiveModule,
  type ObjectiveModule,
  type ObjectiveTrial,
  type TrialCheckpoint,
} from "./define-objective.js";
export { paramsJsonSchema, spaceMisfits } from "./space-check.js";
