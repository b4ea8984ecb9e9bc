import { useMemo } from "react";
import { Chart } from "../charts/chart";
import { STATE_COLORS } from "../charts/colors";
import type { ChartOption } from "../charts/echarts";
import type { TrialPoint } from "./trial-rows";

/** The completed trials on the first two objectives, the Pareto front (computed by the API) drawn through. */
export function ParetoChart(props: {
  rows: readonly TrialPoint[];
  objectives: readonly string[];
  directions: readonly ("minimize" | "maximize")[];
  front: readonly number[];
  onOpen: (trial: number) => void;
}) {
  const { rows, objectives, directions, front, onOpen } = props;
  const option = useMemo<ChartOption>(() => {
    const onFront = new Set(front);
    const complete = rows.filter(
      (r) => r.state === "COMPLETE" && typeof r.values[0] === "number" && typeof r.values[1] === "number",
    );
    const point = (r: TrialPoint) => [r.values[0], r.values[1], r.number];
    const frontRows = complete.filter((r) => onFront.has(r.number)).sort((a, b) => a.values[0]! - b.values[0]!);
    return {
      animation: false,
      grid: { left: 64, right: 24, top: 36, bottom: 48 },
      legend: { top: 0 },
      tooltip: {
        trigger: "item",
        formatter: (p: { value: number[] }) =>
          `trial ${p.value[2]}<br/>${objectives[0]}: ${p.value[0]}<br/>${objectives[1]}: ${p.value[1]}`,
      },
      xAxis: {
        type: "value",
        name: `${objectives[0]} (${directions[0]})`,
        nameLocation: "middle",
        nameGap: 28,
        scale: true,
      },
      yAxis: { type: "value", name: `${objectives[1]} (${directions[1]})`, scale: true },
      series: [
        {
          name: "dominated",
          type: "scatter",
          data: complete.filter((r) => !onFront.has(r.number)).map(point),
          itemStyle: { color: "#9ca3af" },
          symbolSize: 6,
        },
        {
          name: "Pareto front",
          type: "line",
          data: frontRows.map(point),
          itemStyle: { color: STATE_COLORS.COMPLETE },
          symbolSize: 9,
          lineStyle: { width: 2 },
        },
      ],
    };
  }, [rows, objectives, directions, front]);
  return (
    <Chart
      option={option}
      label={`Pareto front of ${objectives[0]} and ${objectives[1]}`}
      height={420}
      onPick={(d) => Array.isArray(d) && typeof d[2] === "number" && onOpen(d[2])}
    />
  );
}
