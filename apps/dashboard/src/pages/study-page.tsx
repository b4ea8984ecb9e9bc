import type {
  CurvesJson,
  ImportanceJson,
  StrategyReportJson,
  StudySummaryJson,
  TrialTableJson,
} from "@rectune/api-contract";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import { ApiError, api } from "../api/client";
import { followEvents } from "../api/live";
import { useApi, useThrottled } from "../api/use-api";
import { ErrorNote, ProgressBar, StateBadge, strategyLabel, targetLabel } from "../components";
import { formatNumber, formatTime } from "../format";
import { type Column, columnsOf } from "../study/columns";
import { CurvesChart } from "../study/curves-chart";
import { HistoryChart } from "../study/history-chart";
import { ImportanceChart } from "../study/importance-chart";
import { Leaderboard } from "../study/leaderboard";
import { ParallelChart } from "../study/parallel-chart";
import { ParetoChart } from "../study/pareto-chart";
import { StrategyTimeline } from "../study/strategy-timeline";
import { mergeRow, rowOfTrial, rowsOfTable, type TrialPoint } from "../study/trial-rows";

const TABS = [
  "Leaderboard",
  "History",
  "Parallel coordinates",
  "Importance",
  "Learning curves",
  "Strategy",
  "Pareto front",
] as const;
type Tab = (typeof TABS)[number];

export function StudyPage({ id }: { id: number }) {
  const [, navigate] = useLocation();
  const summary = useApi<StudySummaryJson>(`/v1/studies/${id}`);
  const table = useApi<TrialTableJson>(`/v1/studies/${id}/table`);
  // The table as read, then the live trials merged into it (cleared when the table is read again).
  const base = useMemo(() => (table.data ? rowsOfTable(table.data) : []), [table.data]);
  const [live, setLive] = useState<{ base: TrialPoint[]; rows: TrialPoint[] }>();
  const rows = live?.base === base ? live.rows : base;
  const [actionError, setActionError] = useState<Error>();
  const [changes, setChanges] = useState(0);
  const reloadSummary = useThrottled(summary.reload, 500);
  const reloadTable = table.reload;
  const reloadStudy = summary.reload;
  const objectives = table.data?.objectives.length ?? 1;

  // Live trials are merged a few times a second, not one render (and one chart redraw) per event.
  const pending = useRef(new Map<number, TrialPoint>());
  const baseRef = useRef(base);
  baseRef.current = base;
  const flushRows = useThrottled(() => {
    const changed = [...pending.current.values()];
    pending.current.clear();
    setLive((current) => {
      const from = current?.base === baseRef.current ? current.rows : baseRef.current;
      return { base: baseRef.current, rows: changed.reduce(mergeRow, from) };
    });
    setChanges((c) => c + 1);
  }, 250);

  useEffect(() => {
    let seen = false;
    return followEvents(`?study=${id}`, (event) => {
      if (event.type === "trial") {
        pending.current.set(event.trial.number, rowOfTrial(event.trial, objectives));
        flushRows();
        reloadSummary();
      } else if (event.type === "study") {
        reloadSummary();
      } else if (event.live) {
        // A (re)connected stream: what changed while it was down is read again, once.
        if (seen) {
          reloadTable();
          reloadStudy();
        }
        seen = true;
      }
    });
  }, [id, objectives, reloadTable, reloadStudy, reloadSummary, flushRows]);

  const study = summary.data;
  const columns = useMemo(
    () =>
      table.data
        ? columnsOf(table.data.objectives, Object.keys(table.data.params), metricNamesOf(table.data, rows))
        : [],
    [table.data, rows],
  );
  const logParams = useMemo(() => (summary.data ? logParamsOf(summary.data) : new Set<string>()), [summary.data]);
  if (summary.error instanceof ApiError && summary.error.status === 404)
    return <p role="alert">Study {id} does not exist.</p>;
  const openTrial = (n: number) => navigate(`/studies/${id}/trials/${n}`);

  const act = async (what: "stop" | "resume") => {
    setActionError(undefined);
    try {
      await api(`/v1/studies/${id}/${what}`, { method: "POST" });
      summary.reload();
    } catch (e) {
      setActionError(e as Error);
    }
  };

  // The header and the trials arrive separately: each part shows as soon as its own answer is in.
  return (
    <article>
      <ErrorNote error={summary.error ?? table.error} />
      {!study ? (
        <p aria-busy="true">Loading study {id}…</p>
      ) : (
        <header className="study-header">
          <h1>
            {study.name} <StateBadge state={study.status} />
          </h1>
          <p className="note">
            Study {study.id} · {targetLabel(study.spec)} · strategy {strategyLabel(study.spec)} ·{" "}
            {study.directions.join(", ")} {objectiveNamesOf(study).join(", ")} · created {formatTime(study.createdAt)}
          </p>
          {study.error && (
            <p role="alert" className="error">
              {study.error}
            </p>
          )}
          <div className="cards">
            <section className="card" aria-label="Progress">
              <h2>Progress</h2>
              <ProgressBar progress={study} label="Study progress" />
              <p className="note">
                budget {study.maxTrials.toLocaleString()} trials · {study.counts.COMPLETE} complete ·{" "}
                {study.counts.PRUNED} pruned · {study.counts.FAILED} failed · {study.counts.RUNNING} running ·{" "}
                {study.counts.WAITING} waiting · parallelism {study.spec.strategy.parallelism}
              </p>
              <div className="actions">
                {study.status === "RUNNING" && (
                  <button type="button" onClick={() => void act("stop")}>
                    Stop study
                  </button>
                )}
                {study.status === "STOPPED" && (
                  <button type="button" onClick={() => void act("resume")}>
                    Resume study
                  </button>
                )}
              </div>
              <ErrorNote error={actionError} />
            </section>
            <section className="card" aria-label="Best trial">
              <h2>Best trial</h2>
              {study.bestTrial ? (
                <>
                  <p className="best-value">
                    {objectiveNamesOf(study)[0]} <strong>{formatNumber(study.bestTrial.values?.[0])}</strong> ·{" "}
                    <Link href={`/studies/${id}/trials/${study.bestTrial.number}`}>trial {study.bestTrial.number}</Link>
                  </p>
                  <dl className="params">
                    {Object.entries(study.bestTrial.params).map(([k, v]) => (
                      <div key={k}>
                        <dt>{k}</dt>
                        <dd>{typeof v === "number" ? formatNumber(v) : String(v)}</dd>
                      </div>
                    ))}
                  </dl>
                </>
              ) : (
                <p className="note">No completed trial yet.</p>
              )}
            </section>
          </div>
        </header>
      )}
      {table.data ? (
        <StudyViews
          id={id}
          name={study?.name ?? `study-${id}`}
          table={table.data}
          rows={rows}
          columns={columns}
          logParams={logParams}
          changes={changes}
          onOpen={openTrial}
        />
      ) : (
        <p aria-busy="true">Loading the trials…</p>
      )}
    </article>
  );
}

/** The tabs over the study's trials: leaderboard and charts. */
function StudyViews(props: {
  id: number;
  name: string;
  table: TrialTableJson;
  rows: readonly TrialPoint[];
  columns: readonly Column[];
  logParams: ReadonlySet<string>;
  changes: number;
  onOpen: (trial: number) => void;
}) {
  const { id, name, table, rows, columns, logParams, changes, onOpen } = props;
  const [tab, setTab] = useState<Tab>("Leaderboard");
  const direction = table.directions[0] ?? "minimize";
  const metric = table.objectives[0] ?? "value";
  const tabs = TABS.filter((t) => t !== "Pareto front" || table.directions.length > 1);
  return (
    <>
      <div role="tablist" aria-label="Study views" className="tabs">
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls="study-panel"
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab moves on to the panel.
              const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
              if (step === 0) return;
              const next = tabs[(tabs.indexOf(t) + step + tabs.length) % tabs.length]!;
              setTab(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="study-panel" aria-labelledby={`tab-${tab}`} className="panel">
        {tab === "Leaderboard" && (
          <Leaderboard studyId={id} studyName={name} rows={rows} columns={columns} direction={direction} />
        )}
        {tab === "History" && <HistoryChart rows={rows} metric={metric} direction={direction} onOpen={onOpen} />}
        {tab === "Parallel coordinates" && (
          <ParallelChart
            rows={rows}
            paramNames={Object.keys(table.params)}
            logParams={logParams}
            metric={metric}
            direction={direction}
          />
        )}
        {tab === "Importance" && <LiveImportance id={id} changes={changes} />}
        {tab === "Learning curves" && <LiveCurves id={id} changes={changes} onOpen={onOpen} />}
        {tab === "Strategy" && <LiveStrategy id={id} changes={changes} rows={rows} />}
        {tab === "Pareto front" && (
          <ParetoChart
            rows={rows}
            objectives={table.objectives}
            directions={table.directions}
            front={table.pareto}
            onOpen={onOpen}
          />
        )}
      </div>
    </>
  );
}

function objectiveNamesOf(study: StudySummaryJson): string[] {
  const o = study.spec.objective;
  return (Array.isArray(o) ? o : [o]).map((x) => x.metric);
}

function logParamsOf(study: StudySummaryJson): Set<string> {
  return new Set(
    Object.entries(study.spec.space)
      .filter(([, def]) => def.type !== "categorical" && def.log === true)
      .map(([name]) => name),
  );
}

/** Metric names in the table, plus any a live trial brought. */
function metricNamesOf(table: TrialTableJson, rows: readonly TrialPoint[]): string[] {
  const names = new Set(Object.keys(table.metrics));
  for (let i = rows.length - 1; i >= 0 && i >= rows.length - 50; i--)
    for (const k of Object.keys(rows[i]!.metrics)) names.add(k);
  return [...names];
}

/** Reads `path` again at most every `ms` while live changes arrive. */
function useLive<T>(path: string, changes: number, ms: number) {
  const loaded = useApi<T>(path);
  const reload = useThrottled(loaded.reload, ms);
  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);
  return loaded;
}

function LiveImportance({ id, changes }: { id: number; changes: number }) {
  const { data, error } = useLive<ImportanceJson>(`/v1/studies/${id}/importance`, changes, 5000);
  if (!data) return <ErrorNote error={error} />;
  return <ImportanceChart importance={data} />;
}

function LiveCurves({ id, changes, onOpen }: { id: number; changes: number; onOpen: (n: number) => void }) {
  const { data, error } = useLive<CurvesJson>(`/v1/studies/${id}/curves`, changes, 3000);
  if (!data) return <ErrorNote error={error} />;
  return <CurvesChart curves={data} onOpen={onOpen} />;
}

function LiveStrategy({ id, changes, rows }: { id: number; changes: number; rows: readonly TrialPoint[] }) {
  const { data, error } = useLive<StrategyReportJson>(`/v1/studies/${id}/strategy`, changes, 3000);
  if (!data) return <ErrorNote error={error} />;
  return <StrategyTimeline report={data} rows={rows} />;
}
