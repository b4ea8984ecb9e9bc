export {
  AskTell,
  type AskTellOptions,
  type AskTellStore,
  type AskedTrial,
  type StepVerdict,
  type StudyGuard,
  type ToldOutcome,
} from "./ask-tell.js";
export { BudgetSpentError, LeaseLostError, NotAskableError, TrialInputError } from "./errors.js";
