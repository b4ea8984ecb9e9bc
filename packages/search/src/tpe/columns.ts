import type { TrialRecord } from "../history.js";
import { sortPositionsByValue } from "../math/sorted.js";
import { contains, toInternal } from "../space/transform.js";
import type { ParamDef, Params, SearchSpace } from "../space/types.js";

/** One parameter's value in every trial of the history, as TPE's Parzen estimators read it. */
export interface ParamColumn {
  readonly def: ParamDef;
  /**
   * By position in the history: internal coordinates (numeric) or choice index (categorical); NaN where the
   * trial has no legal value (inactive, or recorded under another space).
   */
  values: Float64Array;
  /** Numeric parameters: the positions with a value, ascending by value (ties by position). */
  order: Int32Array;
  orderLength: number;
}

/**
 * The history's parameter values by column, kept across asks. A study's history only grows at the end and
 * a trial's parameters never change, so each ask encodes just the new trials and inserts them into the
 * sorted orders, instead of re-encoding and re-sorting a thousand trials per parameter. The cache checks
 * that every trial it has seen is still the same object at the same position and rebuilds otherwise, so
 * what the sampler proposes never depends on whether the cache was warm.
 */
export class HistoryColumns {
  private space: SearchSpace | undefined;
  private spaceKey = "";
  private seen: Params[] = [];
  private readonly columns = new Map<string, ParamColumn>();

  /** Brings the columns up to date with `trials` for `space`. */
  sync(space: SearchSpace, trials: readonly TrialRecord[]): void {
    if (space !== this.space) {
      const key = JSON.stringify(space);
      if (key !== this.spaceKey) this.reset(space, key);
      this.space = space;
    }
    let valid = trials.length >= this.seen.length;
    for (let i = 0; valid && i < this.seen.length; i++) valid = trials[i]!.params === this.seen[i];
    if (!valid) this.reset(space, this.spaceKey);
    const from = this.seen.length;
    if (from === trials.length) return;
    for (const [name, col] of this.columns) append(col, name, trials, from);
    for (let i = from; i < trials.length; i++) this.seen.push(trials[i]!.params);
  }

  column(name: string): ParamColumn {
    const col = this.columns.get(name);
    if (!col) throw new RangeError(`unknown parameter ${name}`);
    return col;
  }

  private reset(space: SearchSpace, key: string): void {
    this.spaceKey = key;
    this.seen = [];
    this.columns.clear();
    for (const [name, def] of Object.entries(space))
      this.columns.set(name, { def, values: new Float64Array(0), order: new Int32Array(0), orderLength: 0 });
  }
}

/** Encodes trials[from..] into the column and merges their positions into its sorted order. */
function append(col: ParamColumn, name: string, trials: readonly TrialRecord[], from: number): void {
  const n = trials.length;
  col.values = grow(col.values, n);
  for (let i = from; i < n; i++) col.values[i] = encode(col.def, trials[i]!.params[name]);
  if (col.def.type === "categorical") return;
  col.order = grow(col.order, n);
  const values = col.values;
  const fresh: number[] = [];
  for (let i = from; i < n; i++) if (!Number.isNaN(values[i]!)) fresh.push(i);
  if (fresh.length > 16) {
    // Many at once (a first sync on a long history): one sort of every legal position.
    const legal: number[] = [];
    for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) legal.push(i);
    col.order.set(
      sortPositionsByValue(
        legal,
        Float64Array.from(legal, (i) => values[i]!),
      ),
    );
    col.orderLength = legal.length;
    return;
  }
  for (const pos of fresh) {
    // After every equal value: positions grow, so ties stay ordered by position.
    let lo = 0;
    let hi = col.orderLength;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[col.order[mid]!]! <= values[pos]!) lo = mid + 1;
      else hi = mid;
    }
    col.order.copyWithin(lo + 1, lo, col.orderLength);
    col.order[lo] = pos;
    col.orderLength++;
  }
}

function encode(def: ParamDef, value: Params[string] | undefined): number {
  if (value === undefined || !contains(def, value)) return Number.NaN;
  return def.type === "categorical" ? def.choices.indexOf(value) : toInternal(def, value as number);
}

/** The array itself when it holds n, else a copy with room to grow (doubling keeps appends amortized O(1)). */
function grow<T extends Float64Array | Int32Array>(a: T, n: number): T {
  if (a.length >= n) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, 2 * a.length, 64));
  b.set(a);
  return b;
}
