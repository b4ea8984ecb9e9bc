import { useMemo, useState } from "react";
import { Link } from "wouter";
import { formatCell } from "../format";
import { type Column, type ColumnGroup, defaultColumns, sortRows, toCsv } from "./columns";
import type { TrialPoint } from "./trial-rows";

const PAGE = 50;
const GROUP_LABELS: Record<ColumnGroup, string> = {
  objective: "Objectives",
  param: "Parameters",
  validation: "Validation metrics",
  test: "Test metrics",
  trial: "Trial",
};

/**
 * The study's trials ranked by the first objective, sortable by any column, with the columns the user
 * picks among parameters, validation and test metrics, best epoch, duration and strategy; the whole
 * (sorted, filtered) table exports as CSV.
 */
export function Leaderboard(props: {
  studyId: number;
  studyName: string;
  rows: readonly TrialPoint[];
  columns: readonly Column[];
  direction: "minimize" | "maximize";
}) {
  const { studyId, studyName, rows, columns, direction } = props;
  const storageKey = `rectune.columns.${studyId}`;
  const [chosen, setChosen] = useState<string[]>(() => {
    const saved = localStorage.getItem(storageKey);
    const ids = new Set(columns.map((c) => c.id));
    const parsed = saved ? (JSON.parse(saved) as string[]).filter((id) => ids.has(id)) : [];
    return parsed.length > 0 ? parsed : defaultColumns(columns);
  });
  const [sort, setSort] = useState<{ id: string; descending: boolean }>({
    id: "objective:0",
    descending: direction === "maximize",
  });
  const [completedOnly, setCompletedOnly] = useState(true);
  const [page, setPage] = useState(0);

  const shown = columns.filter((c) => chosen.includes(c.id));
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.id === sort.id);
    const kept = completedOnly ? rows.filter((r) => r.state === "COMPLETE") : [...rows];
    return column ? sortRows(kept, column, sort.descending) : kept;
  }, [rows, columns, sort, completedOnly]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const current = Math.min(page, pages - 1);
  const visible = sorted.slice(current * PAGE, current * PAGE + PAGE);

  const toggle = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id];
    setChosen(next);
    localStorage.setItem(storageKey, JSON.stringify(next));
  };
  const sortBy = (id: string) => {
    setSort((s) =>
      s.id === id
        ? { id, descending: !s.descending }
        : { id, descending: id === "objective:0" && direction === "maximize" },
    );
    setPage(0);
  };
  const exportCsv = () => {
    const blob = new Blob([toCsv(sorted, shown)], { type: "text/csv" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${studyName.replace(/[^\w.-]+/g, "_")}-trials.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <section aria-label="Leaderboard">
      <div className="toolbar">
        <details className="column-picker">
          <summary>Columns ({shown.length})</summary>
          <div className="column-groups">
            {(Object.keys(GROUP_LABELS) as ColumnGroup[]).map((group) => {
              const inGroup = columns.filter((c) => c.group === group);
              if (inGroup.length === 0) return null;
              return (
                <fieldset key={group}>
                  <legend>{GROUP_LABELS[group]}</legend>
                  {inGroup.map((c) => (
                    <label key={c.id}>
                      <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} /> {c.label}
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
        </details>
        <label>
          <input
            type="checkbox"
            checked={completedOnly}
            onChange={(e) => {
              setCompletedOnly(e.target.checked);
              setPage(0);
            }}
          />{" "}
          Completed trials only
        </label>
        <button type="button" onClick={exportCsv}>
          Export CSV
        </button>
        <span className="note">{sorted.length.toLocaleString()} trials</span>
      </div>
      <div className="table-scroll">
        <table className="leaderboard">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">trial</th>
              {shown.map((c) => (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={sort.id === c.id ? (sort.descending ? "descending" : "ascending") : "none"}
                  className={`group-${c.group}`}
                >
                  <button type="button" className="sort" onClick={() => sortBy(c.id)}>
                    {c.label}
                    {sort.id === c.id ? (sort.descending ? " ▼" : " ▲") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((r, i) => (
              <tr key={r.number}>
                <td>{current * PAGE + i + 1}</td>
                <td>
                  <Link href={`/studies/${studyId}/trials/${r.number}`}>trial {r.number}</Link>
                </td>
                {shown.map((c) => {
                  const v = c.value(r);
                  return (
                    <td
                      key={c.id}
                      className={c.id === "state" ? `state state-${String(v)}` : typeof v === "number" ? "num" : ""}
                    >
                      {formatCell(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Leaderboard pages">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous page
          </button>
          <span>
            page {current + 1} of {pages}
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next page
          </button>
        </nav>
      )}
    </section>
  );
}
