import type { TrialTableJson } from "@rectune/api-contract";
import { paretoIndices } from "@rectune/insights";
import type { Choice } from "@rectune/search";
import { objectivesOf } from "@rectune/spec";
import type { StudyRow, TrialTableRow } from "@rectune/store";

/**
 * A study's trials as columns: each name (params, metrics) is written once instead of once per trial.
 * Params follow the space's order; metrics the order in which trials first reported them.
 */
export function tableJson(study: StudyRow, rows: readonly TrialTableRow[]): TrialTableJson {
  const objectives = objectivesOf(study.spec).map((o) => o.metric);
  const params: Record<string, (Choice | null)[]> = {};
  for (const name of Object.keys(study.spec.space)) params[name] = rows.map((r) => r.params[name] ?? null);
  const metricNames = new Set<string>();
  for (const r of rows) if (r.metrics) for (const k of Object.keys(r.metrics)) metricNames.add(k);
  const metrics: Record<string, (number | null)[]> = {};
  for (const name of metricNames) metrics[name] = rows.map((r) => r.metrics?.[name] ?? null);
  const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
  let pareto: number[] = [];
  if (study.directions.length > 1) {
    const complete = rows.filter((r) => r.state === "COMPLETE" && r.values?.length === study.directions.length);
    const minimized = complete.map((r) => r.values!.map((v, k) => (study.directions[k] === "maximize" ? -v : v)));
    pareto = paretoIndices(minimized).map((i) => complete[i]!.number);
  }
  return {
    studyId: study.id,
    directions: study.directions,
    objectives,
    number: rows.map((r) => r.number),
    state: rows.map((r) => r.state),
    values: objectives.map((_, k) => rows.map((r) => r.values?.[k] ?? null)),
    params,
    metrics,
    sampler: rows.map((r) => text(r.strategy?.sampler)),
    pruner: rows.map((r) => text(r.strategy?.pruner)),
    durationMs: rows.map((r) => (r.durationMs === null ? null : Math.round(r.durationMs))),
    lastStep: rows.map((r) => r.lastStep),
    pareto,
  };
}
