import type { StudyHistory, TrialRecord } from "../history.js";
import { autoRungs, canPrune, prunerLabel, selectPruner, type PrunerSelection } from "./auto.js";
import type { PrunerConfig } from "./config.js";

/** A study as `pruner: "auto"` sees it: its budget, its curve's length, its directions. */
export interface AutoPrunerStudy {
  readonly budget: number;
  /** Epochs of a full trial; undefined when the target reports no curve. */
  readonly maxEpochs: number | undefined;
  /** The target reports every this many epochs. */
  readonly reportEvery: number;
  readonly directions: StudyHistory["directions"];
}

/** Every trial that reported one of `steps`, with those steps' values (the store's step-value read). */
export type StepValuesReader = (steps: readonly number[]) => Promise<readonly TrialRecord[]>;

/** An entry of the strategy decision log: the pruner chosen first, or a change of it. */
export interface PrunerDecision {
  readonly trial: number;
  readonly kind: "pruner";
  readonly from?: string;
  readonly to: string;
  readonly reason: string;
  readonly shares: Readonly<Record<string, number>>;
}

/** The pruner the next trials run under, and the decision-log entry when it is new or changed. */
export interface PrunerChoice {
  readonly config: PrunerConfig;
  readonly basis: PrunerSelection["basis"];
  readonly decision?: PrunerDecision;
}

/** Up to this many completed trials the choice is reconsidered after every completion; beyond, every 10 % more. */
const EVERY_COMPLETION = 30;

/**
 * `pruner: "auto"` for one study: before each batch of proposals, chooses the pruner of the new trials
 * (selectPruner) from the budget, the target's epochs and the completed trials' values at the rung
 * steps as `stepValues` reads them. The choice is stored with each trial (the workers apply what the
 * trial says), and the previous choice is read from the last trial, not from this object's memory, so a
 * restarted scheduler logs a switch exactly when the choice differs from what trials last ran under.
 */
export class AutoPrunerChoice {
  private selection: PrunerSelection | undefined;
  /** Completed trials the cached selection was computed from. */
  private basis = -1;

  constructor(
    private readonly study: AutoPrunerStudy,
    private readonly stepValues: StepValuesReader,
  ) {}

  async choose(history: StudyHistory, trial: number): Promise<PrunerChoice> {
    const completed = history.trials.reduce((n, t) => n + (t.state === "COMPLETE" ? 1 : 0), 0);
    if (this.selection === undefined || this.isDue(completed)) {
      this.selection = await this.select();
      this.basis = completed;
    }
    const { config, basis, reason } = this.selection;
    const previous = [...history.trials].reverse().find((t) => t.number < trial && t.strategy?.prunerConfig);
    const before = previous?.strategy?.prunerConfig as PrunerConfig | undefined;
    const to = prunerLabel(config);
    const shares = { [config.name]: 1 };
    if (before === undefined) return { config, basis, decision: { trial, kind: "pruner", to, reason, shares } };
    // Logged when the configuration changes, and when calibration ends even if the choice stays the same.
    if (JSON.stringify(before) === JSON.stringify(config) && previous?.strategy?.prunerBasis === basis)
      return { config, basis };
    return { config, basis, decision: { trial, kind: "pruner", from: prunerLabel(before), to, reason, shares } };
  }

  private isDue(completed: number): boolean {
    if (completed === this.basis) return false;
    return completed <= EVERY_COMPLETION || completed >= Math.ceil(this.basis * 1.1);
  }

  private async select(): Promise<PrunerSelection> {
    const { budget, maxEpochs, reportEvery, directions } = this.study;
    const input = { budget, maxEpochs, reportEvery };
    // Without a curve to cut short, or too small a budget, the history cannot change the answer: no read.
    if (maxEpochs === undefined || !canPrune(input)) return selectPruner(input);
    const trials = await this.stepValues(autoRungs(maxEpochs, reportEvery));
    return selectPruner({ ...input, history: { directions, trials } });
  }
}
