import { StepDecider } from "@rectune/runner";
import { completeWhenDone, isExternal, StudyScheduler } from "@rectune/scheduling";
import { configIssues, type Params } from "@rectune/search";
import { objectivesOf } from "@rectune/spec";
import {
  type ClaimedTrial,
  ConflictError,
  type CreatedTrial,
  NotFoundError,
  type Store,
  type StudyRow,
  type TrialOutcome,
} from "@rectune/store";
import { BudgetSpentError, LeaseLostError, NotAskableError, TrialInputError } from "./errors.js";
import { KeyedSerial } from "./study-queue.js";

/** What the store must offer: the scheduler's ledger (sampling), the worker's lease (fencing), study reads. */
export type AskTellStore = Omit<Store, "close">;

/** A trial handed to a client: work on it under `attempt` until `leaseUntil`, renewed by every report. */
export interface AskedTrial {
  readonly trialId: number;
  readonly number: number;
  readonly params: Params;
  readonly attempt: number;
  readonly leaseUntil: Date;
}

export interface StepVerdict {
  readonly prune: boolean;
  readonly reason: string | null;
  readonly leaseUntil: Date;
}

/** How a client ends its attempt: the objective values (one per objective), or a failure. */
export type ToldOutcome =
  | { readonly values: readonly number[]; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly state: "FAILED"; readonly error: string };

/**
 * Whether the caller may act on a trial of this study (the API's project check); throws when not. Runs
 * after the lease is checked and before anything is written.
 */
export type StudyGuard = (studyId: number) => Promise<void>;

const ANYONE: StudyGuard = async () => {};

export interface AskTellOptions {
  readonly store: AskTellStore;
  /**
   * How long a lease lasts without a report: the cluster's stale-trial window, after which the
   * scheduler's reaper puts the trial back (WAITING, for the next ask) or FAILs it at maxAttempts.
   */
  readonly leaseMs: number;
  /** The clock leases are reported in (tests); the reaper itself uses the database's. */
  readonly now?: () => number;
}

/**
 * Ask/tell for trials run by the user's own code (Optuna's ask/tell, OSS Vizier's service): a client
 * asks for a trial, gets the sampler's next configuration under the same fenced claim a worker takes,
 * reports each step and hears the study's pruner, then tells the result. Sampling goes through the
 * scheduler's own StudyScheduler, so trials other clients hold count as pending (constant liar).
 */
export class AskTell {
  private readonly views = new Map<number, StudyScheduler>();
  /**
   * Trials this process handed out, as claimed: a report or tell under the same attempt needs no read
   * (the store still fences every write by attempt, so an entry made stale by another process's claim
   * changes nothing). Dropped when the trial ends here; bounded by the trials in flight.
   */
  private readonly handed = new Map<number, ClaimedTrial>();
  private readonly serial = new KeyedSerial<number>();
  private readonly now: () => number;

  constructor(private readonly options: AskTellOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The study's next trial for `client`: a waiting one first (enqueued by a user, or put back when a
   * lease expired), else a new configuration from the sampler, created already claimed. BudgetSpentError
   * when none is left. Once this process has the study's view, an ask reads nothing: the store creates
   * the trial only as the number the view expects and within the budget, and the study is read only
   * when it refuses (trials created elsewhere, the budget spent or changed, the study no longer running).
   */
  ask(studyId: number, client: string): Promise<AskedTrial> {
    return this.serial.run(studyId, async () => {
      const { store } = this.options;
      // Another client (another API process) may claim a waiting trial or create the next number first: try on.
      for (let tries = 0; tries < 20; tries++) {
        const cached = this.views.get(studyId);
        const scheduler = cached ?? (await this.load(studyId));
        // Only trials in flight can have changed elsewhere (told through another process, reaped).
        await scheduler.refresh();
        const waiting = scheduler.history.knownStates().waiting;
        for (const id of waiting) {
          const claimed = await store.claim(id, client);
          if (claimed) {
            scheduler.history.update(id, "RUNNING", null);
            return this.asked(claimed);
          }
        }
        if (waiting.length > 0) continue;
        const claimed = await this.claimNew(scheduler, client);
        if (claimed) return this.asked(claimed);
        // Refused: the view may be stale (trials enqueued elsewhere, or put back to WAITING where it did not
        // follow them: after a stop and resume, a reap it never saw), so it goes whatever the answer. Then say
        // why (not askable), or try again on a fresh view: only a view loaded within this ask proves the
        // budget spent, an older one could leave a waiting trial unasked for good.
        this.views.delete(studyId);
        const study = this.askable(await store.study(studyId));
        if (!cached && study.trialCount >= study.spec.strategy.maxTrials) throw this.spent(study);
      }
      throw new Error(`study ${studyId}: every trial asked for was claimed by another client first`);
    });
  }

  /**
   * Stores step `step`'s metrics (renewing the lease) and returns the study's pruner decision. A pruned
   * trial ends PRUNED with this step's value; the client stops training it.
   */
  async report(
    trialId: number,
    attempt: number,
    step: number,
    metrics: Readonly<Record<string, number>>,
    guard: StudyGuard = ANYONE,
  ): Promise<StepVerdict> {
    const { store } = this.options;
    const trial = await this.heldBy(trialId, attempt, guard);
    const values = this.objectiveValues(trial, metrics, "metrics");
    const value = values[0]!;
    if (!(await store.report(trialId, attempt, step, value, metrics))) throw this.lost(trialId, attempt);
    const own = await store.reports(trialId);
    const decision = await new StepDecider(store, trial).decide(step, own, trial.params);
    if (decision.action !== "prune") return { prune: false, reason: null, leaseUntil: this.leaseUntil() };
    const recorded = await store.finish(trialId, attempt, { state: "PRUNED", values, metrics });
    this.handed.delete(trialId);
    if (!recorded) throw this.lost(trialId, attempt);
    this.ended(trial.studyId, trialId, "PRUNED", values);
    await this.completeIfDone(trial.studyId);
    return { prune: true, reason: decision.reason, leaseUntil: this.leaseUntil() };
  }

  /** Keeps the lease alive between reports (a long epoch); LeaseLostError once the attempt lost the trial. */
  async renew(trialId: number, attempt: number, guard: StudyGuard = ANYONE): Promise<Date> {
    await this.heldBy(trialId, attempt, guard);
    if (!(await this.options.store.renewLease(trialId, attempt))) throw this.lost(trialId, attempt);
    return this.leaseUntil();
  }

  /** Records the attempt's result: COMPLETE with its values, or FAILED with the client's error. */
  async tell(trialId: number, attempt: number, told: ToldOutcome, guard: StudyGuard = ANYONE): Promise<void> {
    const trial = await this.heldBy(trialId, attempt, guard);
    const outcome: TrialOutcome =
      "state" in told
        ? { state: "FAILED", error: told.error.slice(0, 2000) }
        : {
            state: "COMPLETE",
            values: this.checkedValues(trial, told.values),
            ...(told.metrics ? { metrics: told.metrics } : {}),
          };
    this.handed.delete(trialId);
    if (!(await this.options.store.finish(trialId, attempt, outcome))) throw this.lost(trialId, attempt);
    this.ended(trial.studyId, trialId, outcome.state, outcome.values ?? null);
    await this.completeIfDone(trial.studyId);
  }

  /**
   * Creates a WAITING trial with a configuration the user chose (Optuna's enqueue_trial), checked against
   * the space. Workers run it next (the scheduler enqueues it), or the next ask of an external study.
   */
  enqueue(studyId: number, params: Readonly<Record<string, unknown>>): Promise<CreatedTrial> {
    return this.serial.run(studyId, async () => {
      const { store } = this.options;
      const study = await store.study(studyId);
      const issues = configIssues(study.spec.space, params);
      const first = issues[0];
      if (first) throw new TrialInputError(`params.${first.param}`, first.message);
      if (study.status !== "RUNNING")
        throw new NotAskableError(`study ${studyId} is ${study.status}: it takes no new trials`);
      // The budget is the store's to check, in the statement that numbers the trial: a trial another API
      // process creates meanwhile (an ask) counts.
      const [created] = await store.createTrials(
        studyId,
        [{ params: params as Params, strategy: { sampler: "enqueued" } }],
        { withinBudget: true },
      );
      if (!created) throw this.spent(study);
      // The next ask loads the view again and finds this trial waiting (a view follows only its own trials).
      this.views.delete(studyId);
      return created;
    });
  }

  private askable(study: StudyRow): StudyRow {
    if (!isExternal(study))
      throw new NotAskableError(`study ${study.id} is run by the cluster's workers (target ${study.spec.target.kind})`);
    // A study completes when its budget is spent and told: asking it is asking past the budget.
    if (study.status === "COMPLETED") throw this.spent(study);
    if (study.status !== "RUNNING") throw new NotAskableError(`study ${study.id} is ${study.status}`);
    return study;
  }

  /** Reads the study and loads this process's sampler view of it. */
  private async load(studyId: number): Promise<StudyScheduler> {
    const study = this.askable(await this.options.store.study(studyId));
    const { scheduler } = await StudyScheduler.load(this.options.store, study);
    this.views.set(studyId, scheduler);
    return scheduler;
  }

  /** A new trial from the sampler, created claimed by `client`; null when the store refuses it (see `ask`). */
  private async claimNew(scheduler: StudyScheduler, client: string): Promise<ClaimedTrial | null> {
    try {
      return await scheduler.claimNext(client);
    } catch (error) {
      // The study stopped or ended since the view was loaded: `ask` reads it and says so.
      if (error instanceof ConflictError) return null;
      this.views.delete(scheduler.id);
      throw error;
    }
  }

  /**
   * The trial under this attempt. The caller's guard (its project) runs on any trial found before the
   * attempt and kind are checked: another project's key learns nothing of a trial, not even its attempt.
   */
  private async heldBy(trialId: number, attempt: number, guard: StudyGuard): Promise<ClaimedTrial> {
    // Another project's trial answers as an unknown one does (lease lost), naming no study: whether a
    // trial id exists in another project is not the caller's to learn.
    const admit = (studyId: number): Promise<void> =>
      guard(studyId).catch((error: unknown) => {
        throw error instanceof NotFoundError ? this.lost(trialId, attempt) : error;
      });
    const handed = this.handed.get(trialId);
    if (handed && handed.attempt === attempt) {
      await admit(handed.studyId);
      return handed;
    }
    const trial = await this.options.store.held(trialId);
    if (trial) await admit(trial.studyId);
    if (!trial || trial.attempt !== attempt) throw this.lost(trialId, attempt);
    if (trial.spec.target.kind !== "external")
      throw new NotAskableError(`trial ${trialId} is run by the cluster's workers, not by a client`);
    return trial;
  }

  /** The objectives' values among a report's metrics, in the spec's order. */
  private objectiveValues(trial: ClaimedTrial, metrics: Readonly<Record<string, number>>, field: string): number[] {
    return objectivesOf(trial.spec).map((o) => {
      const value = metrics[o.metric];
      if (value === undefined || !Number.isFinite(value))
        throw new TrialInputError(
          `${field}.${o.metric}`,
          `the study's objective metric "${o.metric}" must be reported as a finite number`,
        );
      return value;
    });
  }

  private checkedValues(trial: ClaimedTrial, values: readonly number[]): number[] {
    const n = objectivesOf(trial.spec).length;
    if (values.length !== n)
      throw new TrialInputError("values", `expected ${n} value(s), one per objective; got ${values.length}`);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new TrialInputError(`values.${bad}`, "must be a finite number");
    return [...values];
  }

  /**
   * A trial this process ended is ended in its view too: the next ask then has nothing in flight to
   * refresh (the same state and values a refresh would read).
   */
  private ended(studyId: number, trialId: number, state: TrialOutcome["state"], values: readonly number[] | null) {
    this.views.get(studyId)?.history.update(trialId, state, values && values.length > 0 ? values : null);
  }

  /**
   * While this process's own view has created fewer trials than the budget, the study cannot be done
   * unless another process created the rest: then the scheduler's reconcile round completes it.
   */
  private async completeIfDone(studyId: number): Promise<void> {
    const view = this.views.get(studyId);
    if (view && view.history.created < view.study.spec.strategy.maxTrials) return;
    await completeWhenDone(this.options.store, await this.options.store.study(studyId));
  }

  private asked(claimed: ClaimedTrial): AskedTrial {
    this.handed.set(claimed.id, claimed);
    return {
      trialId: claimed.id,
      number: claimed.number,
      params: claimed.params,
      attempt: claimed.attempt,
      leaseUntil: this.leaseUntil(),
    };
  }

  private leaseUntil(): Date {
    return new Date(this.now() + this.options.leaseMs);
  }

  private lost(trialId: number, attempt: number): LeaseLostError {
    return new LeaseLostError(
      `trial ${trialId} is no longer held by attempt ${attempt}: its lease expired and it went back, or it ended`,
    );
  }

  private spent(study: StudyRow): BudgetSpentError {
    return new BudgetSpentError(
      `study ${study.id} has created all ${study.spec.strategy.maxTrials} trials of its budget (raise maxTrials to go on)`,
    );
  }
}
