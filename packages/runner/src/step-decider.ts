import { createPruner, type Direction, type Params, type StepDecision, type Pruner } from "@rectune/search";
import { objectivesOf, trialPruner } from "@rectune/spec";
import type { ClaimedTrial, StepValues } from "@rectune/store";

/** What one decision read: [trial number, step, value] of each other trial, and what it decided. */
export interface DecisionInput {
  readonly step: number;
  readonly value: number;
  readonly peers: readonly (readonly [number, number, number])[];
  readonly action: StepDecision["action"];
}

/**
 * Asks the study's pruner about one trial after each report. Every decision reads the store, never
 * this worker's memory of other trials, so workers on different machines decide alike: only the
 * steps the pruner names are loaded, with one indexed query.
 */
export class StepDecider {
  private readonly pruner: Pruner;
  private readonly directions: Direction[];

  constructor(
    private readonly store: StepValues,
    private readonly trial: ClaimedTrial,
  ) {
    // Under pruner "auto" the pruner chosen when the trial was proposed, stored with the trial.
    this.pruner = createPruner(trialPruner(trial.spec, trial.strategy), trial.spec.strategy.seed);
    this.directions = objectivesOf(trial.spec).map((o) => o.direction);
  }

  /**
   * `own`: this trial's reports so far (earlier attempts' included), `step`'s among them. `onInput` sees
   * what a decision that read other trials was based on (for the audit log).
   */
  async decide(
    step: number,
    own: ReadonlyMap<number, number>,
    params: Params,
    onInput?: (input: DecisionInput) => void,
  ): Promise<StepDecision> {
    const needed = this.pruner.stepsNeeded(this.trial.number, step);
    const others = needed.length > 0 ? await this.store.stepValues(this.trial.studyId, needed) : [];
    const decision = this.pruner.decide({
      history: { directions: this.directions, trials: others },
      trial: { number: this.trial.number, state: "RUNNING", params, values: null, intermediate: own },
      step,
      space: this.trial.spec.space,
    });
    if (needed.length > 0 && onInput) {
      const peers = others
        .filter((t) => t.number !== this.trial.number)
        .flatMap((t) =>
          needed.flatMap((s) =>
            t.intermediate.has(s) ? [[t.number, s, t.intermediate.get(s) as number] as const] : [],
          ),
        );
      onInput({ step, value: own.get(step) as number, peers, action: decision.action });
    }
    return decision;
  }
}
