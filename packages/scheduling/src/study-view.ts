import type { Direction, StudyHistory, TrialRecord, TrialState, TrialStrategy, Params } from "@rectune/search";

interface MutableRecord {
  number: number;
  state: TrialState;
  params: Params;
  values: readonly number[] | null;
  intermediate: ReadonlyMap<number, number>;
  strategy?: TrialStrategy;
}

const EMPTY: ReadonlyMap<number, number> = new Map();

/**
 * The scheduler's incremental copy of one study: loaded once, then updated from the trials it creates
 * and the state changes of the trials in flight. Asking never reloads the whole history, so its cost
 * does not grow with the number of finished trials (the way Optuna's cached storage works).
 */
export class StudyView implements StudyHistory {
  private readonly records: MutableRecord[] = [];
  /** trial id -> trial number, for trials not finished yet. */
  private readonly inflight = new Map<number, number>();
  private finishedCount = 0;

  constructor(readonly directions: readonly Direction[]) {}

  get trials(): readonly TrialRecord[] {
    return this.records;
  }

  get created(): number {
    return this.records.length;
  }

  get finished(): number {
    return this.finishedCount;
  }

  inflightIds(): number[] {
    return [...this.inflight.keys()];
  }

  /** Adds a trial (from the first load or just created); `id` is needed while it is unfinished. */
  add(record: TrialRecord, id?: number): void {
    const copy: MutableRecord = { ...record, intermediate: EMPTY };
    this.records[record.number] = copy;
    if (record.state === "WAITING" || record.state === "RUNNING") {
      if (id === undefined) throw new Error(`trial ${record.number} is unfinished but has no id`);
      this.inflight.set(id, record.number);
    } else {
      this.finishedCount++;
    }
  }

  /** Applies the current state of a trial in flight. */
  update(id: number, state: TrialState, values: readonly number[] | null): void {
    const number = this.inflight.get(id);
    if (number === undefined) return;
    const record = this.records[number];
    if (!record) return;
    record.state = state;
    record.values = values;
    if (state !== "WAITING" && state !== "RUNNING") {
      this.inflight.delete(id);
      this.finishedCount++;
    }
  }
}
