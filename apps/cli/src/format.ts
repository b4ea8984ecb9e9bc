import type { ResponseOf } from "@rectune/client";
import Table from "cli-table3";

type Leaderboard = ResponseOf<"leaderboard">;
type Trial = Leaderboard["trials"][number];
type ChampionJson = NonNullable<ResponseOf<"getStudy">["champion"]>;

const fmt = (v: unknown): string =>
  v === undefined || v === null
    ? ""
    : typeof v === "number"
      ? Number.isInteger(v)
        ? String(v)
        : v.toPrecision(5)
      : String(v);

const table = (head: string[]): Table.Table =>
  new Table({
    style: { compact: true, head: process.stdout.isTTY ? ["cyan"] : [], border: process.stdout.isTTY ? ["grey"] : [] },
    head,
  });

const paramsText = (params: Trial["params"]): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(" ");

/**
 * The metric columns a leaderboard shows by default: the best epoch and the objective's test metric
 * (what a trial is judged by after tuning), when the trials report them.
 */
export function defaultLeaderboardMetrics(board: Leaderboard): string[] {
  const reported = new Set(board.trials.flatMap((t) => Object.keys(t.metrics ?? {})));
  return ["bestEpoch", `test/${board.metric ?? "value"}`].filter((m) => reported.has(m));
}

/** A study's champion in one line: its trial and params, and where its refit stands or its test figure. */
export function championLine(champion: ChampionJson, metric: string): string {
  const head = `champion: trial ${champion.trial} (${paramsText(champion.params)})`;
  if (champion.state !== "COMPLETE")
    return `${head}, refit ${champion.state.toLowerCase()}${champion.error ? `: ${champion.error}` : ""}`;
  return (
    `${head}, refit on train + validation for ${champion.refit?.epochs ?? "?"} epoch(s): ` +
    `test ${metric} ${fmt(champion.testMetrics?.[metric])} (validation ${fmt(champion.validation[0])})`
  );
}

/** The leaderboard as a terminal table: rank, trial, objective, the chosen metrics, params, strategy, time. */
export function leaderboardTable(
  board: Leaderboard,
  metrics: readonly string[] = defaultLeaderboardMetrics(board),
): string {
  const out = table([
    "#",
    "trial",
    `${board.metric ?? "value"} (${board.direction === "maximize" ? "max" : "min"})`,
    ...metrics,
    "params",
    "strategy",
    "time",
  ]);
  for (const t of board.trials)
    out.push([
      t.rank,
      t.number,
      fmt(t.value),
      ...metrics.map((m) => fmt(t.metrics?.[m])),
      paramsText(t.params),
      [t.strategy?.sampler, t.strategy?.pruner].filter(Boolean).join("/"),
      t.durationMs === null ? "" : `${(t.durationMs / 1000).toFixed(1)}s`,
    ]);
  return out.toString();
}

/** A page of trials: number, state, values, last step, attempt, params, error. */
export function trialsTable(trials: ResponseOf<"listTrials">["trials"]): string {
  const out = table(["trial", "state", "values", "step", "attempt", "params", "error"]);
  for (const t of trials)
    out.push([
      t.number,
      t.state,
      (t.values ?? []).map(fmt).join(", "),
      fmt(t.lastStep),
      t.attempt,
      paramsText(t.params),
      (t.error ?? "").slice(0, 60),
    ]);
  return out.toString();
}

/** Studies with their progress: id, name, status, finished / budget, best value, created. */
export function studiesTable(studies: ResponseOf<"listStudies">["studies"]): string {
  const out = table(["id", "name", "status", "trials", "best", "target", "created"]);
  for (const s of studies)
    out.push([
      s.id,
      s.name,
      s.status,
      `${s.progress.finished}/${s.progress.maxTrials}`,
      fmt(s.progress.bestValue),
      s.spec.target.kind,
      s.createdAt.slice(0, 16).replace("T", " "),
    ]);
  return out.toString();
}
