import type { ImportanceJson } from "@rectune/api-contract";
import { useMemo } from "react";
import { Chart } from "../charts/chart";
import { ColumnHeads } from "../components";
import type { ChartOption } from "../charts/echarts";

/** Each parameter's share of the objective's variance (fANOVA, computed by the API), most important on top. */
export function ImportanceChart({ importance }: { importance: ImportanceJson }) {
  const option = useMemo<ChartOption>(() => {
    const params = [...importance.params].reverse();
    return {
      animation: false,
      grid: { left: 140, right: 48, top: 16, bottom: 32 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
      yAxis: { type: "category", data: params.map((p) => p.name) },
      series: [
        {
          type: "bar",
          data: params.map((p) => Number(p.importance.toFixed(4))),
          itemStyle: { color: "#2563eb" },
          label: {
            show: true,
            position: "right",
            formatter: (p: { value: number }) => `${(p.value * 100).toFixed(1)} %`,
          },
        },
      ],
    };
  }, [importance]);
  if (importance.params.length === 0)
    return (
      <p className="note">Importance needs at least 4 completed trials with a value ({importance.completed} so far).</p>
    );
  return (
    <>
      <p className="note">
        fANOVA on a random forest fitted to {importance.trials.toLocaleString()} of{" "}
        {importance.completed.toLocaleString()} completed trials ({importance.objective}): each parameter's share of the
        variance it explains alone.
        {importance.skipped.length > 0 &&
          ` Not rated: ${importance.skipped.map((s) => `${s.name} (${s.reason})`).join(", ")}.`}
      </p>
      <Chart
        option={option}
        label="Hyperparameter importance"
        height={Math.max(160, 36 * importance.params.length + 48)}
      />
      <table className="compact">
        <caption className="visually-hidden">Hyperparameter importance</caption>
        <ColumnHeads names={["parameter", "importance", "± across trees"]} />
        <tbody>
          {importance.params.map((p) => (
            <tr key={p.name}>
              <td>{p.name}</td>
              <td>{(p.importance * 100).toFixed(1)} %</td>
              <td>{(p.std * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
