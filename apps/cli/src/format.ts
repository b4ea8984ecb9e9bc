import Table from "cli-table3";
import type { LeaderboardJson } from "./api-client.js";

const fmt = (v: unknown): string =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : String(v);

/** The leaderboard as a terminal table: rank, trial, objective, the other metrics, params, strategy. */
export function leaderboardTable(board: LeaderboardJson): string {
  const extra = [...new Set(board.trials.flatMap((t) => Object.keys(t.metrics ?? {})))]
    .filter((m) => m !== board.metric)
    .slice(0, 4);
  const table = new Table({
    style: { compact: true, head: process.stdout.isTTY ? ["cyan"] : [], border: process.stdout.isTTY ? ["grey"] : [] },
    head: [
      "#",
      "trial",
      `${board.metric} (${board.direction === "maximize" ? "max" : "min"})`,
      ...extra,
      "params",
      "strategy",
      "time",
    ],
  });
  for (const t of board.trials) {
    table.push([
      t.rank,
      t.number,
      fmt(t.value),
      ...extra.map((m) => fmt(t.metrics?.[m] ?? "")),
      Object.entries(t.params)
        .map(([k, v]) => `${k}=${fmt(v)}`)
        .join(" "),
      [t.strategy?.sampler, t.strategy?.pruner].filter(Boolean).join("/"),
      t.durationMs === null ? "" : `${(t.durationMs / 1000).toFixed(1)}s`,
    ]);
  }
  return table.toString();
}
