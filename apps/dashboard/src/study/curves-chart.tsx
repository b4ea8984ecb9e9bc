import type { CurvesJson } from "@rectune/api-contract";
import { useMemo } from "react";
import { Chart } from "../charts/chart";
import { STATE_COLORS } from "../charts/colors";
import type { ChartOption } from "../charts/echarts";

/**
 * Learning curves: the intermediate value of each drawn trial per step (selected and downsampled by the
 * API), a pruned trial's curve ending in a cross at its last step, and the median and interquartile band
 * of every trial at each step behind them.
 */
export function CurvesChart(props: { curves: CurvesJson; highlight?: number; onOpen?: (trial: number) => void }) {
  const { curves, highlight, onOpen } = props;
  const option = useMemo<ChartOption>(() => {
    const band = curves.bands;
    return {
      animation: false,
      grid: { left: 64, right: 24, top: 24, bottom: 48 },
      tooltip: { trigger: "item" },
      xAxis: { type: "value", name: "step", nameLocation: "middle", nameGap: 28, minInterval: 1 },
      yAxis: { type: "value", name: curves.metric, scale: true },
      series: [
        // The band: an invisible lower line, then the height of the band stacked on it.
        {
          name: "q25",
          type: "line",
          data: band.map((b) => [b.step, b.q25]),
          stack: "band",
          symbol: "none",
          lineStyle: { opacity: 0 },
          silent: true,
        },
        {
          name: "interquartile range",
          type: "line",
          data: band.map((b) => [b.step, b.q75 - b.q25]),
          stack: "band",
          symbol: "none",
          lineStyle: { opacity: 0 },
          areaStyle: { color: "#e5e7eb" },
          silent: true,
        },
        {
          name: "median",
          type: "line",
          data: band.map((b) => [b.step, b.median]),
          symbol: "none",
          lineStyle: { color: "#9ca3af", type: "dashed" },
          silent: true,
        },
        ...curves.curves.map((c) => ({
          name: `trial ${c.number} (${c.state.toLowerCase()})`,
          type: "line",
          data: c.points.map(([x, y], i) => ({
            value: [x, y],
            trial: c.number,
            // A pruned curve ends where the pruner stopped it.
            ...(c.state === "PRUNED" && i === c.points.length - 1
              ? { symbol: "path://M0,0L10,10M10,0L0,10", symbolSize: 9 }
              : {}),
          })),
          showSymbol: c.state === "PRUNED",
          symbol: "none",
          lineStyle: {
            width: c.number === highlight ? 3 : 1,
            color: c.number === highlight ? "#111827" : STATE_COLORS[c.state],
            opacity: c.number === highlight ? 1 : 0.55,
          },
          itemStyle: { color: STATE_COLORS[c.state], borderColor: STATE_COLORS[c.state], borderWidth: 2 },
          z: c.number === highlight ? 10 : 2,
        })),
      ],
    };
  }, [curves, highlight]);
  if (curves.curves.length === 0) return <p className="note">No intermediate values reported yet.</p>;
  return (
    <>
      <p className="note">
        {curves.curves.length < curves.trials
          ? `Drawing ${curves.curves.length} of ${curves.trials.toLocaleString()} trials' curves (running, best, then a spread); the band is every trial's interquartile range.`
          : `Every trial's curve (${curves.trials}); the band is their interquartile range.`}{" "}
        Pruned curves end with a cross.
      </p>
      <Chart
        option={option}
        label={`Learning curves of ${curves.metric} per step`}
        height={400}
        onPick={(d) => {
          const trial = (d as { trial?: number } | null)?.trial;
          if (typeof trial === "number") onOpen?.(trial);
        }}
      />
    </>
  );
}
