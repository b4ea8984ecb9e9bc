import {
  AutoPrunerChoice,
  createSampler,
  strategyOf,
  type Sampler,
  suggest,
  type WarmStartConfig,
} from "@rectune/search";
import type { TrialEnqueuer } from "@rectune/queue";
import { acceleratorOf, FAMILY_PARAM, maxEpochsOf, reportEveryOf } from "@rectune/spec";
import type {
  ClaimedTrial,
  CreatedTrial,
  DecisionInput,
  StudyLedger,
  StudyRow,
  TrialProposal,
  UnfinishedTrial,
} from "@rectune/store";
import { familySweep, familySweepDecision } from "./family-sweep.js";
import { StudyView } from "./study-view.js";
import { loadWarmStart } from "./warm-start.js";

/** One running study as the scheduler tracks it. */
export class StudyScheduler {
  private readonly sampler: Sampler;
  /** Under `pruner: "auto"`: chooses each new trial's pruner. */
  private readonly prunerChoice: AutoPrunerChoice | undefined;
  /** Under `auto` with several families: the cheap families the first trials (after any warm start) train. */
  private readonly sweep: readonly string[];
  /** Samples the rest of a sweep trial's configuration, within its family. */
  private readonly sweepSampler: Sampler;

  private constructor(
    private readonly ledger: StudyLedger,
    readonly study: StudyRow,
    private readonly view: StudyView,
    /** Configurations trials 0..k-1 run first (opt-in warm start); the sampler proposes the rest. */
    private readonly warm: readonly WarmStartConfig[],
  ) {
    this.sampler = createSampler(
      { ...study.spec.strategy.sampler, seed: this.seed },
      { budget: study.spec.strategy.maxTrials },
    );
    this.sweep = familySweep(study.spec);
    this.sweepSampler = createSampler({ name: "random", seed: this.seed });
    this.prunerChoice =
      study.spec.strategy.pruner.name === "auto"
        ? new AutoPrunerChoice(
            {
              budget: study.spec.strategy.maxTrials,
              maxEpochs: maxEpochsOf(study.spec.target, study.spec.space),
              reportEvery: reportEveryOf(study.spec.target),
              directions: study.directions,
            },
            (steps) => ledger.stepValues(study.id, steps),
          )
        : undefined;
  }

  /**
   * One seed drives the sampler's own randomness (QMC scrambling, GP start-up points) and each trial's
   * random stream: the sampler's `seed` if the spec gives one, else the study's.
   */
  private get seed(): number {
    return this.study.spec.strategy.sampler.seed ?? this.study.spec.strategy.seed;
  }

  /** Loads the study once: its finished trials as history, its unfinished ones as in flight. */
  static async load(
    ledger: StudyLedger,
    study: StudyRow,
  ): Promise<{ scheduler: StudyScheduler; unfinished: UnfinishedTrial[] }> {
    const [history, unfinished, warm] = await Promise.all([
      ledger.history(study.id),
      ledger.unfinishedTrials(study.id),
      loadWarmStart(ledger, study),
    ]);
    const view = new StudyView(study.directions);
    const idOf = new Map(unfinished.map((u) => [u.number, u.id]));
    for (const record of history) view.add(record, idOf.get(record.number));
    return { scheduler: new StudyScheduler(ledger, study, view, warm), unfinished };
  }

  get id(): number {
    return this.study.id;
  }

  get history(): StudyView {
    return this.view;
  }

  /**
   * Brings the trials in flight up to date: one query, bounded by the study's parallelism, returning only
   * the trials whose state changed. Returns how many changed.
   */
  async refresh(): Promise<number> {
    if (this.view.inflightCount === 0) return 0;
    const changes = await this.ledger.changedTrials(this.view.knownStates());
    for (const c of changes) this.view.update(c.id, c.state, c.values);
    return changes.length;
  }

  /** True when the budget is spent and every trial has ended. */
  isDone(): boolean {
    const { maxTrials } = this.study.spec.strategy;
    return this.view.created >= maxTrials && this.view.inflightCount === 0;
  }

  /**
   * Creates trials up to the study's parallelism and budget (one statement) and enqueues them (one round
   * trip). Each new configuration is sampled with the earlier ones of this batch already in the view as
   * pending trials, so samplers that account for running trials (constant liar) spread a batch out.
   */
  async fill(queue: TrialEnqueuer): Promise<number> {
    const { maxTrials, parallelism } = this.study.spec.strategy;
    const room = Math.min(parallelism - this.view.inflightCount, maxTrials - this.view.created);
    if (room <= 0) return 0;
    // While more than half of the trials in flight still wait in the queue, workers are not starved:
    // let the room grow and fill it in one larger batch (one insert, one enqueue) instead of many small.
    if (this.view.waitingCount > parallelism / 2) return 0;
    const created = await this.create(room);
    const accelerator = acceleratorOf(this.study.spec);
    await queue.enqueue(
      created.map((t) => ({ trialId: t.id, studyId: this.study.id, attempt: t.attempt, accelerator })),
    );
    return created.length;
  }

  /**
   * The next trial of a study whose trials are run by ask/tell clients: sampled exactly as `fill`
   * samples (the trials in flight count as pending), not enqueued, and created already claimed by
   * `client` as the number this view expects (one statement: no window in which another client could
   * take it). Null, with the view unchanged, when the budget is spent or the study's trials were created
   * elsewhere since the view was loaded (the store refuses the number): the caller reads the study to
   * tell which. The view holds the trial as RUNNING.
   */
  async claimNext(client: string): Promise<ClaimedTrial | null> {
    if (this.view.created >= this.study.spec.strategy.maxTrials) return null;
    const number = this.view.created;
    const [claimed] = await this.create(1, async ([proposal]) => {
      const trial = proposal && (await this.ledger.createClaimedTrial(this.study.id, number, proposal, client));
      return trial ? [trial] : [];
    });
    if (claimed) this.view.update(claimed.id, "RUNNING", null);
    return claimed ?? null;
  }

  /**
   * Samples `room` configurations and stores them (one statement, `store`: WAITING trials by default)
   * with the decisions taken. A store that creates none (a number or budget it refuses) leaves the view
   * as it was.
   */
  private async create<T extends CreatedTrial>(
    room: number,
    store: (proposals: TrialProposal[]) => Promise<T[]> = (proposals) =>
      this.ledger.createTrials(this.study.id, proposals) as Promise<T[]>,
  ): Promise<T[]> {
    const { ledger } = this;
    const seed = this.seed;
    const proposals: TrialProposal[] = [];
    const decisions: DecisionInput[] = [];
    // One pruner for the whole batch; "auto" stores its choice with each trial for the workers.
    const auto = await this.prunerChoice?.choose(this.view, this.view.created);
    const pruner = auto
      ? { pruner: auto.config.name, prunerConfig: auto.config, prunerBasis: auto.basis }
      : { pruner: this.study.spec.strategy.pruner.name };
    for (let i = 0; i < room; i++) {
      const number = this.view.created + i;
      // Warm-start configurations from past studies come first; then the study's own sampler.
      const warm = this.warm[number];
      // Then, under auto with several families, the cheap families; then the study's own sampler.
      const family = warm ? undefined : this.sweep[number - this.warm.length];
      const { space } = this.study.spec;
      const params = warm
        ? warm.params
        : family !== undefined
          ? suggest(
              this.sweepSampler,
              { ...space, [FAMILY_PARAM]: { type: "categorical", choices: [family] } },
              this.view,
              number,
              seed,
            )
          : suggest(this.sampler, space, this.view, number, seed);
      const strategy = warm
        ? { sampler: "warm-start", source: warm.source, ...pruner }
        : family !== undefined
          ? { sampler: "auto:cheap-first", ...pruner }
          : { ...strategyOf(this.sampler), ...pruner };
      if (!warm && family === undefined && this.sampler.lastDecision) decisions.push(this.sampler.lastDecision);
      if (warm && number === 0) decisions.push(warmStartDecision(this.warm));
      if (family !== undefined && number === this.warm.length) decisions.push(familySweepDecision(this.sweep, number));
      this.view.propose(params, strategy);
      proposals.push({ params, strategy });
    }
    if (auto?.decision) decisions.push(auto.decision);
    let created: T[];
    try {
      created = await store(proposals);
    } catch (error) {
      this.view.discardProposals();
      throw error;
    }
    if (created.length === 0) {
      this.view.discardProposals();
      return created;
    }
    if (decisions.length > 0) await ledger.recordDecisions(this.study.id, decisions);
    this.view.confirm(created);
    return created;
  }
}

function warmStartDecision(warm: readonly WarmStartConfig[]): DecisionInput {
  const studies = [...new Set(warm.map((w) => w.source.studyId))];
  return {
    trial: 0,
    kind: "warm-start",
    to: "warm-start",
    reason: `the first ${warm.length} trials rerun the best configurations of studies ${studies.join(", ")}, clipped into this space`,
    shares: { "warm-start": 1 },
  };
}
