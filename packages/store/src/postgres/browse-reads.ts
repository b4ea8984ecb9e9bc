import type { Params, TrialState } from "@rectune/search";
import type { TrialCounts } from "../contract/rows.js";
import type {
  StepReport,
  StudyBrowse,
  StudyProgress,
  TrialSteps,
  TrialTableRow,
  WorkerLoad,
} from "../contract/study-browse.js";
import type { Database } from "./database.js";
import { toTrialRow, TRIAL_COLUMNS, type TrialRecordRow } from "./row-mapping.js";

/**
 * The reads behind browsing studies (the dashboard): whole-study tables and learning curves in one
 * statement each, one trial's steps, trials by id and studies' progress (the live events), workers with
 * what they run. Plain prepared SQL: a 10,000-trial table is one index scan.
 */
export function postgresBrowseReads({ sql }: Database): Omit<StudyBrowse, "watchStudies"> {
  return {
    async studyTable(studyId) {
      return sql.query<TrialTableRow>(
        "browse_table",
        `SELECT number, state::text AS state, CASE WHEN cardinality("values") = 0 THEN NULL ELSE "values" END AS "values",
          params, metrics, strategy, last_step AS "lastStep",
          (EXTRACT(EPOCH FROM finished_at - started_at) * 1000)::float8 AS "durationMs"
        FROM trials WHERE study_id = $1::int ORDER BY number`,
        [studyId],
      );
    },

    async completedTrials(studyId) {
      return sql.query<{ number: number; params: Params; values: number[] }>(
        "browse_completed",
        `SELECT number, params, "values" FROM trials WHERE study_id = $1::int AND state = 'COMPLETE' ORDER BY number`,
        [studyId],
      );
    },

    async trialCurves(studyId) {
      return sql.query<TrialSteps>(
        "browse_curves",
        `SELECT t.number, t.state::text AS state, t.value, c.steps, c.values
        FROM (SELECT trial_id, array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS values
              FROM intermediate_values WHERE study_id = $1::int GROUP BY trial_id) c
        JOIN trials t ON t.id = c.trial_id ORDER BY t.number`,
        [studyId],
      );
    },

    async trialSteps(studyId, number) {
      return sql.query<StepReport>(
        "browse_trial_steps",
        `SELECT iv.step, iv.value, iv.metrics, iv.attempt, iv.created_at AT TIME ZONE 'UTC' AS at
        FROM intermediate_values iv JOIN trials t ON t.id = iv.trial_id
        WHERE t.study_id = $1::int AND t.number = $2::int ORDER BY iv.step`,
        [studyId, number],
      );
    },

    async trialsById(ids) {
      if (ids.length === 0) return [];
      const rows = await sql.query<TrialRecordRow>(
        "browse_trials_by_id",
        `SELECT ${TRIAL_COLUMNS} FROM trials WHERE id = ANY($1::int[])`,
        [ids],
      );
      return rows.map(toTrialRow);
    },

    async studyProgress(studyIds) {
      const rows = await sql.query<{
        study_id: number;
        state: TrialState;
        n: number;
        lo: number | null;
        hi: number | null;
      }>(
        "browse_progress",
        `SELECT study_id, state::text AS state, count(*)::int AS n, min(value) AS lo, max(value) AS hi
        FROM trials WHERE study_id = ANY($1::int[]) GROUP BY study_id, state`,
        [studyIds],
      );
      const out = new Map<number, StudyProgress>();
      const zero = (): TrialCounts => ({ WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 });
      for (const id of studyIds) out.set(id, { counts: zero(), minValue: null, maxValue: null });
      for (const r of rows) {
        const p = out.get(r.study_id);
        if (!p) continue;
        p.counts[r.state] = r.n;
        if (r.state === "COMPLETE") out.set(r.study_id, { ...p, minValue: r.lo, maxValue: r.hi });
      }
      return out;
    },

    async workerLoads() {
      return sql.query<WorkerLoad>(
        "browse_workers",
        `SELECT w.id, w.host, w.pid, w.backend, w.concurrency, w.gpus, w.gpu_memory_mb AS "gpuMemoryMb", w.started_at AT TIME ZONE 'UTC' AS "startedAt",
          w.last_seen_at AT TIME ZONE 'UTC' AS "lastSeenAt",
          (EXTRACT(EPOCH FROM now() AT TIME ZONE 'UTC' - w.last_seen_at) * 1000)::float8 AS "silentForMs",
          COALESCE((SELECT json_agg(json_build_object('studyId', t.study_id, 'number', t.number) ORDER BY t.study_id, t.number)
            FROM trials t WHERE t.state = 'RUNNING' AND t.worker_id = w.id), '[]'::json) AS running
        FROM workers w ORDER BY w.last_seen_at DESC LIMIT 500`,
        [],
      );
    },
  };
}
