import { createSampler, strategyOf, type Sampler, suggest, type TrialRecord, type WarmStartConfig } from "@rectune/search";
import type { TrialQueue } from "@rectune/queue";
import type { DecisionInput, StudyRow, Store, TrialProposal } from "@rectune/store";
import { StudyView } from "./study-view.js";
import { loadWarmStart } from "./warm-start.js";

/** One running study as the scheduler tracks it. */
export class StudyScheduler {
  private readonly sampler: Sampler;

  private constructor(
    readonly study: StudyRow,
    private readonly view: StudyView,
    /** Configurations trials 0..k-1 run first (opt-in warm start); the sampler proposes the rest. */
    private readonly warm: readonly WarmStartConfig[],
  ) {
    this.sampler = createSampler(study.spec.strategy.sampler, { budget: study.spec.strategy.maxTrials });
  }

  /** Loads the study once: its finished trials as history, its unfinished ones as in flight. */
  static async load(store: Store, study: StudyRow): Promise<{ scheduler: StudyScheduler; unfinished: { id: number; attempt: number; state: string }[] }> {
    const [history, unfinished, warm] = await Promise.all([store.trials.history(study.id), store.trials.unfinished(study.id), loadWarmStart(store, study)]);
    const view = new StudyView(study.directions);
    const idOf = new Map(unfinished.map((u) => [u.number, u.id]));
    for (const record of history) view.add(record, idOf.get(record.number));
    return { scheduler: new StudyScheduler(study, view, warm), unfinished };
  }

  get id(): number {
    return this.study.id;
  }

  get history(): StudyView {
    return this.view;
  }

  /** Brings the trials in flight up to date (one query, bounded by the study's parallelism). */
  async refresh(store: Store): Promise<void> {
    const ids = this.view.inflightIds();
    if (ids.length === 0) return;
    for (const s of await store.trials.statuses(ids)) this.view.update(s.id, s.state, s.values);
  }

  /** True when the budget is spent and every trial has ended. */
  isDone(): boolean {
    const { maxTrials } = this.study.spec.strategy;
    return this.view.created >= maxTrials && this.view.inflightIds().length === 0;
  }

  /**
   * Creates trials up to the study's parallelism and budget and enqueues them. Each new configuration
   * is sampled with the earlier ones of this batch already in the history as pending trials, so
   * samplers that account for running trials (constant liar) spread a batch out.
   */
  async fill(store: Store, queue: TrialQueue): Promise<number> {
    const { maxTrials, parallelism, seed } = this.study.spec.strategy;
    const room = Math.min(parallelism - this.view.inflightIds().length, maxTrials - this.view.created);
    if (room <= 0) return 0;
    const base = this.view.created;
    const proposals: TrialProposal[] = [];
    const pending: TrialRecord[] = [];
    const history = {
      directions: this.view.directions,
      get trials() {
        return pending.length === 0 ? scheduler.view.trials : [...scheduler.view.trials, ...pending];
      },
    };
    const scheduler = this;
    const decisions: DecisionInput[] = [];
    for (let i = 0; i < room; i++) {
      const number = base + i;
      const warm = this.warm[number];
      const params = warm ? warm.params : suggest(this.sampler, this.study.spec.space, history, number, seed);
      const strategy = warm ? { sampler: "warm-start", source: warm.source } : strategyOf(this.sampler);
      if (!warm && this.sampler.lastDecision) decisions.push(this.sampler.lastDecision);
      if (warm && number === 0) decisions.push(warmStartDecision(this.warm));
      proposals.push({ params, strategy });
      pending.push({ number, state: "WAITING", params, values: null, intermediate: new Map(), strategy });
    }
    const created = await store.trials.create(this.study.id, proposals);
    await store.decisions.record(this.study.id, decisions);
    for (const t of created) {
      const proposal = proposals[t.number - base];
      this.view.add({ number: t.number, state: "WAITING", params: t.params, values: null, intermediate: new Map(), ...(proposal?.strategy ? { strategy: proposal.strategy } : {}) }, t.id);
    }
    await queue.enqueue(created.map((t) => ({ trialId: t.id, studyId: this.study.id, attempt: t.attempt })));
    return created.length;
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
