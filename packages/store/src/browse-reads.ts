import type { Params, TrialState, TrialStrategy } from "@rectune/search";
import type { SqlClient } from "./sql.js";
import type { TrialRow } from "./rows.js";
import { toTrialRow } from "./rows.js";
import type { TrialCounts } from "./studies.js";
import { NotFoundError } from "./errors.js";

/** One trial of a whole-study table: what a leaderboard, a history chart and parallel coordinates need. */
export interface TrialTableRow {
  readonly number: number;
  readonly state: TrialState;
  readonly values: number[] | null;
  readonly params: Params;
  readonly metrics: Record<string, number> | null;
  readonly strategy: TrialStrategy | null;
  readonly durationMs: number | null;
  readonly lastStep: number | null;
}

/** One trial's intermediate values in step order. */
export interface TrialSteps {
  readonly number: number;
  readonly state: TrialState;
  readonly value: number | null;
  readonly steps: number[];
  readonly values: number[];
}

/** One reported step of a trial, with the attempt that reported it. */
export interface StepReport {
  readonly step: number;
  readonly value: number;
  readonly metrics: Record<string, number> | null;
  readonly attempt: number;
  readonly at: Date;
}

export interface WorkerRow {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly backend: string;
  readonly concurrency: number;
  readonly startedAt: Date;
  readonly lastSeenAt: Date;
  /** Seconds since it last heart-beat, by the database's clock (the one stale trials are judged by). */
  readonly silentForMs: number;
  readonly running: { readonly studyId: number; readonly number: number }[];
}

/** Per-study trial counts and best values, for a list of studies. */
export interface StudyProgress {
  readonly counts: TrialCounts;
  /** The lowest and highest first-objective value of its COMPLETE trials (the direction picks one). */
  readonly minValue: number | null;
  readonly maxValue: number | null;
}

const TRIAL_COLUMNS = `id, study_id AS "studyId", number, params, state::text AS state, "values", metrics, attempt,
  worker_id AS "workerId", strategy, last_step AS "lastStep", error, created_at AT TIME ZONE 'UTC' AS "createdAt",
  started_at AT TIME ZONE 'UTC' AS "startedAt", finished_at AT TIME ZONE 'UTC' AS "finishedAt"`;

/**
 * The reads behind browsing studies (the dashboard): whole-study tables and learning curves in one
 * statement each, one trial in full, trials by id (the live event stream), workers with what they run.
 * Plain prepared SQL: a 10,000-trial table is one index scan, with no per-row mapping beyond the driver's.
 */
export class BrowseReads {
  constructor(private readonly sql: SqlClient) {}

  /** Every trial of a study, in number order. */
  async table(studyId: number): Promise<TrialTableRow[]> {
    return this.sql.query<TrialTableRow>(
      "browse_table",
      `SELECT number, state::text AS state, CASE WHEN cardinality("values") = 0 THEN NULL ELSE "values" END AS "values",
        params, metrics, strategy, last_step AS "lastStep",
        (EXTRACT(EPOCH FROM finished_at - started_at) * 1000)::float8 AS "durationMs"
      FROM trials WHERE study_id = $1::int ORDER BY number`,
      [studyId],
    );
  }

  /** The COMPLETE trials' parameters and objective values (what hyperparameter importance is fitted on). */
  async completed(studyId: number): Promise<{ number: number; params: Params; values: number[] }[]> {
    return this.sql.query(
      "browse_completed",
      `SELECT number, params, "values" FROM trials WHERE study_id = $1::int AND state = 'COMPLETE' ORDER BY number`,
      [studyId],
    );
  }

  /** Every trial's intermediate values (the current attempt's rows), one row per trial that reported any. */
  async curves(studyId: number): Promise<TrialSteps[]> {
    return this.sql.query<TrialSteps>(
      "browse_curves",
      `SELECT t.number, t.state::text AS state, t.value, c.steps, c.values
      FROM (SELECT trial_id, array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS values
            FROM intermediate_values WHERE study_id = $1::int GROUP BY trial_id) c
      JOIN trials t ON t.id = c.trial_id ORDER BY t.number`,
      [studyId],
    );
  }

  /** One trial and every step it reported. */
  async trial(studyId: number, number: number): Promise<{ trial: TrialRow; steps: StepReport[] }> {
    const rows = await this.sql.query<Parameters<typeof toTrialRow>[0]>(
      "browse_trial",
      `SELECT ${TRIAL_COLUMNS} FROM trials WHERE study_id = $1::int AND number = $2::int`,
      [studyId, number],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError("trial", number);
    const steps = await this.sql.query<StepReport>(
      "browse_trial_steps",
      `SELECT step, value, metrics, attempt, created_at AT TIME ZONE 'UTC' AS at
      FROM intermediate_values WHERE trial_id = $1::int ORDER BY step`,
      [row.id],
    );
    return { trial: toTrialRow(row), steps };
  }

  /** Trials by id (any study), in no particular order; ids that do not exist are left out. */
  async trialsById(ids: readonly number[]): Promise<TrialRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql.query<Parameters<typeof toTrialRow>[0]>(
      "browse_trials_by_id",
      `SELECT ${TRIAL_COLUMNS} FROM trials WHERE id = ANY($1::int[])`,
      [ids],
    );
    return rows.map(toTrialRow);
  }

  /** Trial counts by state and the best values of each listed study (absent studies: all zero). */
  async progress(studyIds: readonly number[]): Promise<Map<number, StudyProgress>> {
    const rows = await this.sql.query<{
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
    for (const id of studyIds)
      out.set(id, {
        counts: { WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 },
        minValue: null,
        maxValue: null,
      });
    for (const r of rows) {
      const p = out.get(r.study_id);
      if (!p) continue;
      p.counts[r.state] = r.n;
      if (r.state === "COMPLETE") out.set(r.study_id, { ...p, minValue: r.lo, maxValue: r.hi });
    }
    return out;
  }

  /** Registered workers, most recently seen first, with the trials each one runs now. */
  async workers(): Promise<WorkerRow[]> {
    return this.sql.query<WorkerRow>(
      "browse_workers",
      `SELECT w.id, w.host, w.pid, w.backend, w.concurrency, w.started_at AT TIME ZONE 'UTC' AS "startedAt",
        w.last_seen_at AT TIME ZONE 'UTC' AS "lastSeenAt",
        (EXTRACT(EPOCH FROM now() AT TIME ZONE 'UTC' - w.last_seen_at) * 1000)::float8 AS "silentForMs",
        COALESCE((SELECT json_agg(json_build_object('studyId', t.study_id, 'number', t.number) ORDER BY t.study_id, t.number)
          FROM trials t WHERE t.state = 'RUNNING' AND t.worker_id = w.id), '[]'::json) AS running
      FROM workers w ORDER BY w.last_seen_at DESC LIMIT 500`,
      [],
    );
  }
}
