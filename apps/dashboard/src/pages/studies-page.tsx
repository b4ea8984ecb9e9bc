import type { StudyListJson } from "@rectune/api-contract";
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { followEvents } from "../api/live";
import { useApi, useThrottled } from "../api/use-api";
import { ColumnHeads, ErrorNote, ProgressBar, StateBadge, strategyLabel, targetLabel } from "../components";
import { formatNumber, formatTime } from "../format";
import { NewStudy } from "./new-study";

const STATUSES = ["RUNNING", "COMPLETED", "STOPPED", "FAILED"] as const;

/** Every study, newest first: filter by status, search by name, progress live; new study from a spec. */
export function StudiesPage() {
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const [name, setName] = useState("");
  const [creating, setCreating] = useState(false);
  // The search box asks the API once typing pauses, not on every key.
  useEffect(() => {
    const t = window.setTimeout(() => setName(search.trim()), 250);
    return () => window.clearTimeout(t);
  }, [search]);
  const query = new URLSearchParams({ limit: "100", ...(status ? { status } : {}), ...(name ? { name } : {}) });
  const list = useApi<StudyListJson>(`/v1/studies?${query}`);
  const reload = useThrottled(list.reload, 1000);
  const { update } = list;

  useEffect(
    () =>
      followEvents("", (event) => {
        if (event.type !== "study") return;
        let known = false;
        update((data) => ({
          ...data,
          studies: data.studies.map((s) => {
            if (s.id !== event.studyId) return s;
            known = true;
            return { ...s, status: event.status, progress: event.progress };
          }),
        }));
        // A study this page does not show yet (just created elsewhere) or whose status left the filter.
        if (!known) reload();
      }),
    [update, reload],
  );

  return (
    <article>
      <header className="page-header">
        <h1>Studies</h1>
        <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          New study
        </button>
      </header>
      {creating && <NewStudy onCancel={() => setCreating(false)} />}
      <div className="toolbar">
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search by name <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <ErrorNote error={list.error} />
      {list.data && list.data.studies.length === 0 && <p className="note">No study matches.</p>}
      {list.data && list.data.studies.length > 0 && (
        <div className="table-scroll">
          <table className="studies">
            <ColumnHeads names={["study", "project", "target", "status", "progress", "best", "strategy", "created"]} />
            <tbody>
              {list.data.studies.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link href={`/studies/${s.id}`}>{s.name}</Link> <span className="note">#{s.id}</span>
                  </td>
                  <td>{projectOf(s) ?? "–"}</td>
                  <td>{targetLabel(s.spec)}</td>
                  <td>
                    <StateBadge state={s.status} />
                  </td>
                  <td>
                    <ProgressBar progress={s.progress} label={`Progress of ${s.name}`} />
                  </td>
                  <td className="num">
                    {formatNumber(s.progress.bestValue)}
                    <span className="note"> {s.directions[0] === "maximize" ? "max" : "min"}</span>
                  </td>
                  <td>{strategyLabel(s.spec)}</td>
                  <td>{formatTime(s.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

/** The study's project (an API older than projects sends none). */
function projectOf(study: object): string | null {
  const project = (study as { project?: unknown }).project;
  return typeof project === "string" ? project : null;
}
