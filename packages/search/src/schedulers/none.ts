import { CONTINUE, type StepDecision, type TrialScheduler } from "./scheduler.js";

/** Every trial trains its full budget. */
export class NoScheduler implements TrialScheduler {
  readonly name = "none";

  stepsNeeded(): readonly number[] {
    return [];
  }

  decide(): StepDecision {
    return CONTINUE;
  }
}
