import type { StudySummaryJson, TrialDetailJson } from "@rectune/api-contract";
import { useEffect, useMemo } from "react";
import { Link } from "wouter";
import { followEvents } from "../api/live";
import { useApi, useThrottled } from "../api/use-api";
import { Chart } from "../charts/chart";
import { STATE_COLORS } from "../charts/colors";
import type { ChartOption } from "../charts/echarts";
import { ErrorNote, StateBadge } from "../components";
import { formatDuration, formatNumber, formatTime } from "../format";

/** One trial: its parameters, every validation and test metric, its curve, attempts, worker and error. */
export function TrialPage({ studyId, number }: { studyId: number; number: number }) {
  const detail = useApi<TrialDetailJson>(`/v1/studies/${studyId}/trials/${number}`);
  const study = useApi<StudySummaryJson>(`/v1/studies/${studyId}`);
  const reload = useThrottled(detail.reload, 500);
  useEffect(
    () =>
      followEvents(`?study=${studyId}`, (event) => {
        if (event.type === "trial" && event.trial.number === number) reload();
      }),
    [studyId, number, reload],
  );
  const steps = detail.data?.steps;
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 64, right: 24, top: 24, bottom: 48 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: "step", nameLocation: "middle", nameGap: 28, minInterval: 1 },
      yAxis: { type: "value", scale: true },
      series: [
        {
          type: "line",
          data: (steps ?? []).map((s) => [s.step, s.value]),
          itemStyle: { color: STATE_COLORS.COMPLETE },
        },
      ],
    }),
    [steps],
  );
  if (!detail.data) return <ErrorNote error={detail.error} />;
  const { trial, worker } = detail.data;
  const metrics = Object.entries(trial.metrics ?? {});
  const validation = metrics.filter(([k]) => !k.startsWith("test/") && k !== "bestEpoch" && k !== "epochs");
  const test = metrics.filter(([k]) => k.startsWith("test/"));
  const attempts = [...new Set(detail.data.steps.map((s) => s.attempt))];
  const objectiveNames = study.data ? objectiveNamesOf(study.data) : [];

  return (
    <article>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/">Studies</Link> ›{" "}
        <Link href={`/studies/${studyId}`}>{study.data?.name ?? `study ${studyId}`}</Link> › trial {number}
      </nav>
      <h1>
        Trial {number} <StateBadge state={trial.state} />
      </h1>
      {trial.error && (
        <section className="card" aria-label="Error">
          <h2>Error</h2>
          <pre className="error-text">{trial.error}</pre>
        </section>
      )}
      <div className="cards">
        <section className="card" aria-label="Result">
          <h2>Result</h2>
          <dl className="params">
            {(trial.values ?? []).map((v, k) => (
              <div key={k}>
                <dt>{objectiveNames[k] ?? `objective ${k + 1}`}</dt>
                <dd>
                  <strong>{formatNumber(v)}</strong>
                </dd>
              </div>
            ))}
            {trial.metrics?.bestEpoch !== undefined && (
              <div>
                <dt>best epoch</dt>
                <dd>
                  {trial.metrics.bestEpoch} of {trial.metrics.epochs ?? "?"}
                </dd>
              </div>
            )}
            <div>
              <dt>duration</dt>
              <dd>{formatDuration(trial.durationMs)}</dd>
            </div>
            <div>
              <dt>strategy</dt>
              <dd>{[trial.strategy?.sampler, trial.strategy?.pruner].filter(Boolean).join(" / ") || "–"}</dd>
            </div>
            <div>
              <dt>attempts</dt>
              <dd>
                {trial.attempt}
                {attempts.length > 1 && ` (steps reported by attempts ${attempts.join(", ")})`}
              </dd>
            </div>
            <div>
              <dt>started</dt>
              <dd>{formatTime(trial.startedAt)}</dd>
            </div>
            <div>
              <dt>finished</dt>
              <dd>{formatTime(trial.finishedAt)}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-label="Parameters">
          <h2>Parameters</h2>
          <dl className="params">
            {Object.entries(trial.params).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{typeof v === "number" ? formatNumber(v) : String(v)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card" aria-label="Worker">
          <h2>Worker</h2>
          {worker ? (
            <dl className="params">
              <div>
                <dt>id</dt>
                <dd>{worker.id}</dd>
              </div>
              <div>
                <dt>host / pid</dt>
                <dd>
                  {worker.host} / {worker.pid}
                </dd>
              </div>
              <div>
                <dt>backend</dt>
                <dd>{worker.backend}</dd>
              </div>
              <div>
                <dt>last seen</dt>
                <dd>
                  {formatTime(worker.lastSeenAt)} {worker.live ? "(live)" : "(silent)"}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="note">{trial.state === "WAITING" ? "Not claimed yet." : "No registered worker holds it."}</p>
          )}
        </section>
      </div>
      <div className="two-columns">
        <MetricTable caption="Validation metrics" rows={validation} />
        <MetricTable caption="Test metrics" rows={test} />
      </div>
      <section aria-label="Learning curve">
        <h2>Learning curve</h2>
        {detail.data.steps.length > 0 ? (
          <Chart option={option} label={`Intermediate values of trial ${number} per step`} height={300} />
        ) : (
          <p className="note">No intermediate values reported.</p>
        )}
      </section>
    </article>
  );
}

function MetricTable({ caption, rows }: { caption: string; rows: [string, number][] }) {
  return (
    <table className="compact">
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td className="note">none reported</td>
          </tr>
        ) : (
          rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{formatNumber(v)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function objectiveNamesOf(study: StudySummaryJson): string[] {
  const o = study.spec.objective;
  return (Array.isArray(o) ? o : [o]).map((x) => x.metric);
}
