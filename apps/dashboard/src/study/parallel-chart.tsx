import { useMemo } from "react";
import { Chart } from "../charts/chart";
import type { ChartOption } from "../charts/echarts";
import type { Choice, TrialPoint } from "./trial-rows";

/** More lines than this are thinned: the best fifth of them, then an even spread of the rest. */
const MAX_LINES = 1000;

function thin(rows: TrialPoint[], direction: "minimize" | "maximize"): TrialPoint[] {
  if (rows.length <= MAX_LINES) return rows;
  const sign = direction === "maximize" ? -1 : 1;
  const sorted = [...rows].sort((a, b) => sign * (a.values[0]! - b.values[0]!));
  const best = sorted.slice(0, MAX_LINES / 5);
  const rest = sorted.slice(MAX_LINES / 5);
  const stride = rest.length / (MAX_LINES - best.length);
  return [...best, ...Array.from({ length: MAX_LINES - best.length }, (_, i) => rest[Math.floor(i * stride)]!)];
}

/** One axis per parameter and one for the objective; each completed trial is a line coloured by its value. */
export function ParallelChart(props: {
  rows: readonly TrialPoint[];
  paramNames: readonly string[];
  /** Parameters searched on a log scale get a log axis. */
  logParams: ReadonlySet<string>;
  metric: string;
  direction: "minimize" | "maximize";
}) {
  const { rows, paramNames, logParams, metric, direction } = props;
  const { option, shown, total } = useMemo(() => {
    const complete = rows.filter((r) => r.state === "COMPLETE" && typeof r.values[0] === "number");
    const lines = thin(complete, direction);
    const categories = new Map<string, string[]>();
    for (const p of paramNames) {
      const values = new Set<string>();
      let numeric = true;
      for (const r of complete) {
        const v = r.params[p];
        if (v === null || v === undefined) continue;
        if (typeof v !== "number") numeric = false;
        values.add(String(v));
      }
      if (!numeric) categories.set(p, [...values].sort());
    }
    const cell = (p: string, v: Choice | null | undefined) =>
      v === null || v === undefined ? null : categories.has(p) ? String(v) : v;
    const values = complete.map((r) => r.values[0]!);
    const option: ChartOption = {
      animation: false,
      parallel: { left: 48, right: 96, top: 48, bottom: 32 },
      parallelAxis: [
        ...paramNames.map((p, i) =>
          categories.has(p)
            ? { dim: i, name: p, type: "category", data: categories.get(p) }
            : { dim: i, name: p, type: logParams.has(p) ? "log" : "value", scale: true },
        ),
        { dim: paramNames.length, name: metric, type: "value", scale: true },
      ],
      visualMap: {
        type: "continuous",
        dimension: paramNames.length,
        min: Math.min(...values),
        max: Math.max(...values),
        inverse: direction === "minimize",
        inRange: { color: ["#c7d2fe", "#1e3a8a"] },
        right: 8,
        top: "middle",
        calculable: true,
        text: [direction === "maximize" ? "best" : "worst", direction === "maximize" ? "worst" : "best"],
      },
      series: [
        {
          type: "parallel",
          lineStyle: { width: 1, opacity: 0.5 },
          progressive: 500,
          data: lines.map((r) => [...paramNames.map((p) => cell(p, r.params[p])), r.values[0]]),
        },
      ],
    };
    return { option, shown: lines.length, total: complete.length };
  }, [rows, paramNames, logParams, metric, direction]);
  return (
    <>
      {shown < total && (
        <p className="note">
          Showing {shown.toLocaleString()} of {total.toLocaleString()} completed trials: the best {MAX_LINES / 5} and an
          even spread of the rest.
        </p>
      )}
      <Chart
        option={option}
        label="Parallel coordinates of the completed trials' parameters and objective"
        height={420}
      />
    </>
  );
}
