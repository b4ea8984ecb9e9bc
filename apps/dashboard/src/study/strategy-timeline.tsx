import type { StrategyReportJson } from "@rectune/api-contract";
import { useMemo } from "react";
import { Chart } from "../charts/chart";
import { ColumnHeads } from "../components";
import type { ChartOption } from "../charts/echarts";
import { formatNumber } from "../format";
import type { TrialPoint } from "./trial-rows";

/**
 * Each candidate's share of the trials over the study (in windows of consecutive trials, from which
 * sampler proposed each one), with every decision of the strategy's log as a marked line, then the log
 * itself with its reasons, and each sampler's and pruner's totals.
 */
export function StrategyTimeline({ report, rows }: { report: StrategyReportJson; rows: readonly TrialPoint[] }) {
  const option = useMemo<ChartOption>(() => {
    const samplers = [...new Set(rows.map((r) => r.sampler ?? "unknown"))];
    const window = Math.max(5, Math.ceil(rows.length / 60));
    const shares = new Map(samplers.map((s) => [s, [] as [number, number][]]));
    for (let start = 0; start < rows.length; start += window) {
      const slice = rows.slice(start, start + window);
      const x = slice[0]!.number;
      for (const s of samplers)
        shares.get(s)!.push([x, slice.filter((r) => (r.sampler ?? "unknown") === s).length / slice.length]);
    }
    // The last window's shares hold until the last trial.
    const last = rows.at(-1);
    if (last) for (const s of samplers) shares.get(s)!.push([last.number, shares.get(s)!.at(-1)![1]]);
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 40, bottom: 48 },
      legend: { top: 0 },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${Math.round(v * 100)} %` },
      xAxis: { type: "value", name: "trial", nameLocation: "middle", nameGap: 28, min: 0 },
      yAxis: { type: "value", max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
      series: samplers.map((s, i) => ({
        name: s,
        type: "line",
        stack: "share",
        areaStyle: {},
        symbol: "none",
        step: "end",
        data: shares.get(s),
        ...(i === 0
          ? {
              markLine: {
                symbol: "none",
                label: { formatter: (p: { data: { name: string } }) => p.data.name, fontSize: 10 },
                lineStyle: { color: "#111827", type: "dotted" },
                data: report.decisions.map((d) => ({ xAxis: d.trial, name: d.kind })),
              },
            }
          : {}),
      })),
    };
  }, [report, rows]);
  return (
    <>
      <Chart
        option={option}
        label="Each sampler's share of the trials over the study, with the strategy's decisions"
        height={320}
      />
      <h3>Decisions</h3>
      {report.decisions.length === 0 ? (
        <p className="note">No decision logged (a fixed sampler, or the study has not started).</p>
      ) : (
        <ol className="timeline" aria-label="Strategy decisions">
          {report.decisions.map((d) => (
            <li key={`${d.trial}-${d.kind}`}>
              <span className="badge">{d.kind}</span> at trial {d.trial}: {d.from ? `${d.from} → ` : ""}
              <strong>{d.to}</strong>
              <div className="reason">{d.reason}</div>
              {Object.keys(d.shares).length > 0 && (
                <div className="shares">
                  shares:{" "}
                  {Object.entries(d.shares)
                    .map(([k, v]) => `${k} ${Math.round(v * 100)} %`)
                    .join(", ")}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      <div className="two-columns">
        <table className="compact">
          <caption>Samplers</caption>
          <ColumnHeads names={["sampler", "trials", "share", "new bests", "contribution"]} />
          <tbody>
            {report.samplers.map((s) => (
              <tr key={s.sampler}>
                <td>{s.sampler}</td>
                <td>{s.trials}</td>
                <td>{Math.round(s.share * 100)} %</td>
                <td>{s.improvements}</td>
                <td>{formatNumber(s.contribution * 100)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="compact">
          <caption>Pruners</caption>
          <ColumnHeads names={["pruner", "trials", "pruned"]} />
          <tbody>
            {report.pruners.map((s) => (
              <tr key={s.pruner}>
                <td>{s.pruner}</td>
                <td>{s.trials}</td>
                <td>{s.pruned}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
