import type { WorkersJson } from "@rectune/api-contract";
import { useEffect } from "react";
import { Link } from "wouter";
import { useApi } from "../api/use-api";
import { ColumnHeads, ErrorNote } from "../components";
import { formatDuration, formatTime } from "../format";

/**
 * Workers are not announced on the change feed (their heartbeats would flood it), so this one page
 * reads the small workers list again every 5 s while it is open.
 */
const REFRESH_MS = 5000;

export function WorkersPage() {
  const workers = useApi<WorkersJson>("/v1/workers");
  const { reload } = workers;
  useEffect(() => {
    const t = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(t);
  }, [reload]);
  const list = workers.data?.workers ?? [];
  return (
    <article>
      <h1>Workers</h1>
      <ErrorNote error={workers.error} />
      {workers.data && (
        <p className="note">
          {list.filter((w) => w.live).length} live of {list.length} registered; a worker silent for more than{" "}
          {formatDuration(workers.data.staleAfterMs)} is not live, and its trials go back to the queue.
        </p>
      )}
      <div className="table-scroll">
        <table>
          <ColumnHeads
            names={["worker", "state", "backend", "concurrency", "running trials", "last seen", "started"]}
          />
          <tbody>
            {list.map((w) => (
              <tr key={w.id}>
                <td>
                  {w.host} <span className="note">pid {w.pid}</span>
                </td>
                <td>
                  <span className={`badge ${w.live ? "state-RUNNING" : "state-WAITING"}`}>
                    {w.live ? "live" : "silent"}
                  </span>
                </td>
                <td>{w.backend}</td>
                <td className="num">{w.concurrency}</td>
                <td>
                  {w.running.length === 0
                    ? "–"
                    : w.running.map((t, i) => (
                        <span key={`${t.studyId}-${t.number}`}>
                          {i > 0 && ", "}
                          <Link href={`/studies/${t.studyId}/trials/${t.number}`}>
                            {t.studyId}/{t.number}
                          </Link>
                        </span>
                      ))}
                </td>
                <td>{formatDuration(w.silentForMs)} ago</td>
                <td>{formatTime(w.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
