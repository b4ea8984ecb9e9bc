import { CONTINUE, type StepDecision, type Pruner } from "./pruner.js";

/** Every trial trains its full budget. */
export class NoPruner implements Pruner {
  readonly name = "none";

  stepsNeeded(): readonly number[] {
    return [];
  }

  decide(): StepDecision {
    return CONTINUE;
  }
}
