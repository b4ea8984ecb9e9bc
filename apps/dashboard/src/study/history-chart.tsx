import { useMemo } from "react";
import { Chart } from "../charts/chart";
import { STATE_COLORS } from "../charts/colors";
import type { ChartOption } from "../charts/echarts";
import { bestSoFar, type TrialPoint } from "./trial-rows";

/**
 * Every finished trial's first objective by trial number, the best-so-far line, pruned trials (at their
 * last reported value) and failed ones (a mark on the axis: they have no value) told apart.
 */
export function HistoryChart(props: {
  rows: readonly TrialPoint[];
  metric: string;
  direction: "minimize" | "maximize";
  onOpen: (trial: number) => void;
}) {
  const { rows, metric, direction, onOpen } = props;
  const option = useMemo<ChartOption>(() => {
    const complete: [number, number][] = [];
    const pruned: [number, number][] = [];
    const failed: number[] = [];
    let lo = Number.POSITIVE_INFINITY;
    for (const r of rows) {
      const v = r.values[0];
      if (r.state === "FAILED") failed.push(r.number);
      else if (v !== null && v !== undefined && Number.isFinite(v)) {
        (r.state === "PRUNED" ? pruned : r.state === "COMPLETE" ? complete : []).push([r.number, v]);
        lo = Math.min(lo, v);
      }
    }
    const large = rows.length > 2000;
    const scatter = (name: string, data: unknown[], color: string, symbol = "circle") => ({
      name,
      type: "scatter",
      data,
      symbol,
      symbolSize: large ? 4 : 7,
      large,
      itemStyle: { color, opacity: 0.75 },
    });
    return {
      animation: false,
      grid: { left: 64, right: 24, top: 36, bottom: 64 },
      legend: { top: 0 },
      tooltip: {
        trigger: "item",
        formatter: (p: { seriesName: string; value: number[] }) =>
          `trial ${p.value[0]}<br/>${p.seriesName}: ${p.value[1] ?? ""}`,
      },
      xAxis: { type: "value", name: "trial", nameLocation: "middle", nameGap: 28, min: 0 },
      yAxis: { type: "value", name: metric, scale: true },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
      series: [
        scatter("complete", complete, STATE_COLORS.COMPLETE),
        scatter("pruned", pruned, STATE_COLORS.PRUNED, "triangle"),
        scatter(
          "failed",
          failed.map((n) => [n, Number.isFinite(lo) ? lo : 0]),
          STATE_COLORS.FAILED,
          "pin",
        ),
        {
          name: `best so far (${direction})`,
          type: "line",
          step: "end",
          showSymbol: false,
          data: bestSoFar(rows, direction),
          lineStyle: { color: "#111827", width: 2 },
          itemStyle: { color: "#111827" },
        },
      ],
    };
  }, [rows, metric, direction]);
  return (
    <Chart
      option={option}
      label={`Optimization history: ${metric} of each trial with the best so far`}
      onPick={(d) => Array.isArray(d) && typeof d[0] === "number" && onOpen(d[0])}
    />
  );
}
