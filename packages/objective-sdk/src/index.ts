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
export { announcedSchema, announcesRefit, liveSchemas, paramsJsonSchema, spaceMisfits } from "./space-check.js";
