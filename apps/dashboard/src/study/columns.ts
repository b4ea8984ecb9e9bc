import type { TrialPoint } from "./trial-rows";

export type ColumnGroup = "objective" | "param" | "validation" | "test" | "trial";

/** A leaderboard column the user may show, sort by and export. */
export interface Column {
  readonly id: string;
  readonly label: string;
  readonly group: ColumnGroup;
  value(row: TrialPoint): string | number | boolean | null;
}

/** Metrics that describe training, not quality: offered among the trial's own columns. */
const TRAINING_KEYS = new Set(["bestEpoch", "epochs"]);

/**
 * Every column a study offers: its objectives, each parameter, each validation metric, each test
 * metric (`test/<name>`), the best epoch, the duration, the state and the strategy (sampler/pruner).
 */
export function columnsOf(
  objectives: readonly string[],
  paramNames: readonly string[],
  metricNames: readonly string[],
): Column[] {
  const columns: Column[] = objectives.map((name, k) => ({
    id: `objective:${k}`,
    label: objectives.length > 1 ? `${name} (objective ${k + 1})` : name,
    group: "objective",
    value: (r) => r.values[k] ?? null,
  }));
  for (const p of paramNames)
    columns.push({ id: `param:${p}`, label: p, group: "param", value: (r) => r.params[p] ?? null });
  for (const m of metricNames) {
    if (TRAINING_KEYS.has(m) || objectives.includes(m)) continue;
    const test = m.startsWith("test/");
    columns.push({
      id: `metric:${m}`,
      label: m,
      group: test ? "test" : "validation",
      value: (r) => r.metrics[m] ?? null,
    });
  }
  if (metricNames.includes("bestEpoch"))
    columns.push({ id: "bestEpoch", label: "best epoch", group: "trial", value: (r) => r.metrics.bestEpoch ?? null });
  columns.push(
    { id: "state", label: "state", group: "trial", value: (r) => r.state },
    {
      id: "duration",
      label: "duration (s)",
      group: "trial",
      value: (r) => (r.durationMs === null ? null : r.durationMs / 1000),
    },
    {
      id: "strategy",
      label: "strategy",
      group: "trial",
      value: (r) => [r.sampler, r.pruner].filter(Boolean).join("/") || null,
    },
  );
  return columns;
}

/** The columns shown before the user chooses: objectives, up to 8 params, 3 validation and 3 test metrics, the rest of the trial's. */
export function defaultColumns(columns: readonly Column[]): string[] {
  const firstOf = (group: ColumnGroup, n: number) => columns.filter((c) => c.group === group).slice(0, n);
  return [
    ...firstOf("objective", 8),
    ...firstOf("param", 8),
    ...firstOf("validation", 3),
    ...firstOf("test", 3),
    ...firstOf("trial", 4),
  ].map((c) => c.id);
}

/** Compares two cells: numbers numerically, missing values last whatever the order. */
export function compareCells(a: unknown, b: unknown, descending: boolean): number {
  const missing = (v: unknown) => v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v));
  if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : missing(a) ? 1 : -1;
  const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
  return descending ? -order : order;
}

/**
 * The rows in the column's order (ties: by trial number), missing values last. A column of numbers
 * (the usual case) is sorted on a Float64Array of keys, several times faster than comparing cells.
 */
export function sortRows(rows: readonly TrialPoint[], column: Column, descending: boolean): TrialPoint[] {
  const cells = rows.map((r) => column.value(r));
  const order = rows.map((_, i) => i);
  if (cells.every((v) => v === null || typeof v === "number")) {
    const sign = descending ? -1 : 1;
    const keys = Float64Array.from(cells, (v) =>
      v === null || !Number.isFinite(v) ? Number.NaN : sign * (v as number),
    );
    order.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
      return x - y || rows[a]!.number - rows[b]!.number;
    });
  } else {
    order.sort((a, b) => compareCells(cells[a], cells[b], descending) || rows[a]!.number - rows[b]!.number);
  }
  return order.map((i) => rows[i]!);
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180 CSV of the rows with the trial number first, then the chosen columns. */
export function toCsv(rows: readonly TrialPoint[], columns: readonly Column[]): string {
  const header = ["trial", ...columns.map((c) => c.label)].map(csvCell).join(",");
  const lines = rows.map((r) => [r.number, ...columns.map((c) => c.value(r))].map(csvCell).join(","));
  return `${[header, ...lines].join("\r\n")}\r\n`;
}
