import type { TrialJson, TrialState, TrialTableJson } from "@rectune/api-contract";

export type Choice = string | number | boolean;

/** One trial as the study page's leaderboard and charts use it. */
export interface TrialPoint {
  readonly number: number;
  readonly state: TrialState;
  /** One per objective (null until it completes). */
  readonly values: readonly (number | null)[];
  readonly params: Readonly<Record<string, Choice | null>>;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly sampler: string | null;
  readonly pruner: string | null;
  readonly durationMs: number | null;
  readonly lastStep: number | null;
}

/**
 * One trial of the table, read from its columns on demand: building 10,000 objects of 30 properties
 * up front was the largest piece of the page's first render, while a leaderboard page shows 50 rows
 * and a sort reads one column.
 */
class TableTrial implements TrialPoint {
  private paramsOf?: Record<string, Choice | null>;
  private metricsOf?: Record<string, number | null>;

  constructor(
    private readonly table: TrialTableJson,
    private readonly i: number,
  ) {}

  get number(): number {
    return this.table.number[this.i]!;
  }
  get state(): TrialState {
    return this.table.state[this.i]!;
  }
  get values(): (number | null)[] {
    return this.table.values.map((column) => column[this.i] ?? null);
  }
  get params(): Record<string, Choice | null> {
    this.paramsOf ??= pick(this.table.params, this.i);
    return this.paramsOf;
  }
  get metrics(): Record<string, number | null> {
    this.metricsOf ??= pick(this.table.metrics, this.i);
    return this.metricsOf;
  }
  get sampler(): string | null {
    return this.table.sampler[this.i] ?? null;
  }
  get pruner(): string | null {
    return this.table.pruner[this.i] ?? null;
  }
  get durationMs(): number | null {
    return this.table.durationMs[this.i] ?? null;
  }
  get lastStep(): number | null {
    return this.table.lastStep[this.i] ?? null;
  }
}

function pick<T>(columns: Record<string, (T | null)[]>, i: number): Record<string, T | null> {
  const out: Record<string, T | null> = {};
  for (const name in columns) out[name] = columns[name]![i] ?? null;
  return out;
}

/** The API's columns as one row per trial, in number order. */
export function rowsOfTable(table: TrialTableJson): TrialPoint[] {
  return table.number.map((_, i) => new TableTrial(table, i));
}

/** A trial from a live event (or any trial body) as a row. */
export function rowOfTrial(t: TrialJson, objectives: number): TrialPoint {
  const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
  return {
    number: t.number,
    state: t.state,
    values: Array.from({ length: objectives }, (_, k) => t.values?.[k] ?? null),
    params: t.params,
    metrics: t.metrics ?? {},
    sampler: str(t.strategy?.sampler),
    pruner: str(t.strategy?.pruner),
    durationMs: t.durationMs,
    lastStep: t.lastStep,
  };
}

/** The rows with `row` in its place (replacing the trial with its number, or inserted in number order). */
export function mergeRow(rows: readonly TrialPoint[], row: TrialPoint): TrialPoint[] {
  const out = [...rows];
  // Live trials are the newest: search from the end.
  for (let i = out.length - 1; i >= 0; i--) {
    const n = out[i]!.number;
    if (n === row.number) {
      out[i] = row;
      return out;
    }
    if (n < row.number) {
      out.splice(i + 1, 0, row);
      return out;
    }
  }
  out.unshift(row);
  return out;
}

/** Best-so-far of the first objective over the finished trials, in number order (for the history line). */
export function bestSoFar(rows: readonly TrialPoint[], direction: "minimize" | "maximize"): [number, number][] {
  const out: [number, number][] = [];
  let best: number | undefined;
  for (const r of rows) {
    const v = r.values[0];
    if (r.state !== "COMPLETE" || v === null || v === undefined || !Number.isFinite(v)) continue;
    if (best === undefined || (direction === "minimize" ? v < best : v > best)) best = v;
    out.push([r.number, best]);
  }
  return out;
}
