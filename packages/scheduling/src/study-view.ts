import type { KnownStates } from "@rectune/store";
import type {
  Direction,
  MutableTrialRecord,
  Params,
  StudyHistory,
  TrialRecord,
  TrialState,
  TrialStrategy,
} from "@rectune/search";

type MutableRecord = MutableTrialRecord;

const EMPTY: ReadonlyMap<number, number> = new Map();

const isUnfinished = (state: TrialState): boolean => state === "WAITING" || state === "RUNNING";

/**
 * The scheduler's incremental copy of one study: loaded once, then updated from the trials it creates
 * and the state changes of the trials in flight. Asking never reloads or copies the history, so its cost
 * does not grow with the number of finished trials (the way Optuna's cached storage works).
 */
export class StudyView implements StudyHistory {
  private readonly records: MutableRecord[] = [];
  /** trial id -> trial number, for trials not finished yet. */
  private readonly inflight = new Map<number, number>();
  private finishedCount = 0;
  private runningCount = 0;
  /** Records appended by `propose` that the store has not created yet (always the last ones). */
  private proposed = 0;

  constructor(readonly directions: readonly Direction[]) {}

  get trials(): readonly TrialRecord[] {
    return this.records;
  }

  /** Trials the store has created (proposals not included). */
  get created(): number {
    return this.records.length - this.proposed;
  }

  get finished(): number {
    return this.finishedCount;
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Trials in flight that no worker has claimed yet (as last seen). */
  get waitingCount(): number {
    return this.inflight.size - this.runningCount;
  }

  inflightIds(): number[] {
    return [...this.inflight.keys()];
  }

  /** The trials in flight split by the state last seen: the store reports only those that changed. */
  knownStates(): KnownStates {
    const known = { waiting: [] as number[], running: [] as number[] };
    for (const [id, number] of this.inflight) {
      if (this.records[number]?.state === "RUNNING") known.running.push(id);
      else known.waiting.push(id);
    }
    return known;
  }

  /** Adds a trial (from the first load or just created); `id` is needed while it is unfinished. */
  add(record: TrialRecord, id?: number): void {
    if (this.proposed > 0) throw new Error("cannot add trials while proposals are pending");
    const copy: MutableRecord = { ...record, intermediate: EMPTY };
    this.records[record.number] = copy;
    if (isUnfinished(record.state)) {
      if (id === undefined) throw new Error(`trial ${record.number} is unfinished but has no id`);
      this.inflight.set(id, record.number);
      if (record.state === "RUNNING") this.runningCount++;
    } else {
      this.finishedCount++;
    }
  }

  /**
   * Appends a WAITING trial that is about to be created, so that the next ask of the same batch sees it
   * as pending (constant liar) without copying the history. Returns its expected number.
   */
  propose(params: Params, strategy: TrialStrategy): number {
    const number = this.records.length;
    this.records.push({ number, state: "WAITING", params, values: null, intermediate: EMPTY, strategy });
    this.proposed++;
    return number;
  }

  /**
   * The store created the proposals: binds each to its trial id. The store numbers trials gap-free from
   * the study's counter, so the numbers match unless something else created trials of this study; then
   * the view is stale and the caller must reload it.
   */
  confirm(created: readonly { id: number; number: number; params: Params }[]): void {
    const first = this.records.length - this.proposed;
    if (created.length !== this.proposed || created.some((t, i) => t.number !== first + i)) {
      this.discardProposals();
      throw new Error(`trials were created outside this scheduler (expected numbers from ${first})`);
    }
    for (const t of created) {
      const record = this.records[t.number];
      if (record) record.params = t.params;
      this.inflight.set(t.id, t.number);
    }
    this.proposed = 0;
  }

  /** Drops proposals the store did not create. */
  discardProposals(): void {
    this.records.length -= this.proposed;
    this.proposed = 0;
  }

  /** Applies the current state of a trial in flight. */
  update(id: number, state: TrialState, values: readonly number[] | null): void {
    const number = this.inflight.get(id);
    if (number === undefined) return;
    const record = this.records[number];
    if (!record) return;
    if (record.state === "RUNNING") this.runningCount--;
    if (state === "RUNNING") this.runningCount++;
    record.state = state;
    record.values = values;
    if (!isUnfinished(state)) {
      this.inflight.delete(id);
      this.finishedCount++;
    }
  }
}
