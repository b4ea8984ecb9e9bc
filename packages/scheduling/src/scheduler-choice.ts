import {
  autoRungs,
  canPrune,
  schedulerLabel,
  selectScheduler,
  type SchedulerConfig,
  type SchedulerSelection,
  type StudyHistory,
} from "@rectune/search";
import { maxEpochsOf, reportEveryOf, SCHEDULER_BASIS_KEY, SCHEDULER_CONFIG_KEY } from "@rectune/spec";
import type { DecisionInput, Store, StudyRow } from "@rectune/store";

/** The scheduler the next trials run under, and the decision-log entry when it is new or changed. */
export interface SchedulerChoice {
  readonly config: SchedulerConfig;
  readonly basis: SchedulerSelection["basis"];
  readonly decision?: DecisionInput;
}

/** Up to this many completed trials the choice is reconsidered after every completion; beyond, every 10 % more. */
const EVERY_COMPLETION = 30;

/**
 * `scheduler: "auto"` for one study: before each batch of proposals, chooses the scheduler of the new
 * trials (selectScheduler) from the budget, the target's epochs and the completed trials' values at
 * the rung steps as the store holds them. The choice is stored with each trial (the workers apply what
 * the trial says), and the previous choice is read from the last trial, not from this process's memory,
 * so a restarted scheduler logs a switch exactly when the choice differs from what trials last ran under.
 */
export class AutoSchedulerChoice {
  private readonly maxEpochs: number | undefined;
  private readonly reportEvery: number;
  private selection: SchedulerSelection | undefined;
  /** Completed trials the cached selection was computed from. */
  private basis = -1;

  constructor(private readonly study: StudyRow) {
    this.maxEpochs = maxEpochsOf(study.spec.target, study.spec.space);
    this.reportEvery = reportEveryOf(study.spec.target);
  }

  async choose(store: Store, history: StudyHistory, trial: number): Promise<SchedulerChoice> {
    const completed = history.trials.reduce((n, t) => n + (t.state === "COMPLETE" ? 1 : 0), 0);
    if (this.selection === undefined || this.isDue(completed)) {
      this.selection = await this.select(store);
      this.basis = completed;
    }
    const { config, basis, reason } = this.selection;
    const previous = [...history.trials]
      .reverse()
      .find((t) => t.number < trial && t.strategy?.[SCHEDULER_CONFIG_KEY] !== undefined);
    const before = previous?.strategy?.[SCHEDULER_CONFIG_KEY] as SchedulerConfig | undefined;
    const to = schedulerLabel(config);
    const shares = { [config.name]: 1 };
    if (before === undefined) return { config, basis, decision: { trial, kind: "scheduler", to, reason, shares } };
    // Logged when the configuration changes, and when calibration ends even if the choice stays the same.
    if (JSON.stringify(before) === JSON.stringify(config) && previous?.strategy?.[SCHEDULER_BASIS_KEY] === basis)
      return { config, basis };
    return { config, basis, decision: { trial, kind: "scheduler", from: schedulerLabel(before), to, reason, shares } };
  }

  private isDue(completed: number): boolean {
    if (completed === this.basis) return false;
    return completed <= EVERY_COMPLETION || completed >= Math.ceil(this.basis * 1.1);
  }

  private async select(store: Store): Promise<SchedulerSelection> {
    const budget = this.study.spec.strategy.maxTrials;
    const input = { budget, maxEpochs: this.maxEpochs, reportEvery: this.reportEvery };
    // Without a curve to cut short, or too small a budget, the history cannot change the answer: no query.
    if (this.maxEpochs === undefined || !canPrune(input)) return selectScheduler(input);
    const trials = await store.trials.stepValues(this.study.id, autoRungs(this.maxEpochs, this.reportEvery));
    return selectScheduler({ ...input, history: { directions: this.study.directions, trials } });
  }
}
