import { createSampler, type Sampler, suggest, type TrialRecord } from "@rectune/search";
import type { TrialQueue } from "@rectune/queue";
import type { StudyRow, Store, TrialProposal } from "@rectune/store";
import { StudyView } from "./study-view.js";

/** One running study as the scheduler tracks it. */
export class StudyScheduler {
  private readonly sampler: Sampler;

  private constructor(
    readonly study: StudyRow,
    private readonly view: StudyView,
  ) {
    this.sampler = createSampler(study.spec.strategy.sampler);
  }

  /** Loads the study once: its finished trials as history, its unfinished ones as in flight. */
  static async load(store: Store, study: StudyRow): Promise<{ scheduler: StudyScheduler; unfinished: { id: number; attempt: number; state: string }[] }> {
    const [history, unfinished] = await Promise.all([store.trials.history(study.id), store.trials.unfinished(study.id)]);
    const view = new StudyView(study.directions);
    const idOf = new Map(unfinished.map((u) => [u.number, u.id]));
    for (const record of history) view.add(record, idOf.get(record.number));
    return { scheduler: new StudyScheduler(study, view), unfinished };
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
    for (let i = 0; i < room; i++) {
      const number = base + i;
      const params = suggest(this.sampler, this.study.spec.space, history, number, seed);
      const strategy = { sampler: this.sampler.name, scheduler: this.study.spec.strategy.scheduler.name };
      proposals.push({ params, strategy });
      pending.push({ number, state: "WAITING", params, values: null, intermediate: new Map(), strategy });
    }
    const created = await store.trials.create(this.study.id, proposals);
    for (const t of created) {
      const proposal = proposals[t.number - base];
      this.view.add({ number: t.number, state: "WAITING", params: t.params, values: null, intermediate: new Map(), ...(proposal?.strategy ? { strategy: proposal.strategy } : {}) }, t.id);
    }
    await queue.enqueue(created.map((t) => ({ trialId: t.id, studyId: this.study.id, attempt: t.attempt })));
    return created.length;
  }
}
