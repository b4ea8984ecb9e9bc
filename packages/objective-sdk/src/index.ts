export {
  type ChampionTrial,
  defineObjective,
  isObjectiveModule,
  type ObjectiveModule,
  type ObjectiveTrial,
  type RefitResult,
  type ReportVerdict,
  type TrialStudy,
  type TrialCheckpoint,
} from "./define-objective.js";
export { announcedSchema, announcesRefit, paramsJsonSchema, spaceMisfits } from "./space-check.js";
