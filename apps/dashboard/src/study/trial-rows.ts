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
  readonly scheduler: string | null;
  readonly durationMs: number | null;
  readonly lastStep: number | null;
}

/** The API's columns as one object per trial, in number order. */
export function rowsOfTable(table: TrialTableJson): TrialPoint[] {
  const paramNames = Object.keys(table.params);
  const metricNames = Object.keys(table.metrics);
  return table.number.map((number, i) => ({
    number,
    state: table.state[i]!,
    values: table.values.map((column) => column[i] ?? null),
    params: Object.fromEntries(paramNames.map((p) => [p, table.params[p]![i] ?? null])),
    metrics: Object.fromEntries(metricNames.map((m) => [m, table.metrics[m]![i] ?? null])),
    sampler: table.sampler[i] ?? null,
    scheduler: table.scheduler[i] ?? null,
    durationMs: table.durationMs[i] ?? null,
    lastStep: table.lastStep[i] ?? null,
  }));
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
    scheduler: str(t.strategy?.scheduler),
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
