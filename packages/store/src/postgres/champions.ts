import type {
  ChampionReads,
  ChampionRow,
  ClaimedRefit,
  DatasetChampion,
  ReapedRefit,
  RefitLease,
  RefitLedger,
  WaitingRefit,
} from "../contract/champion-refit.js";
import { NotFoundError } from "../contract/errors.js";
import { bytesOf } from "./row-mapping.js";
import type { Database } from "./database.js";

interface ChampionSqlRow {
  study_id: number;
  trial_id: number;
  trial_number: number;
  params: ChampionRow["params"];
  values: number[] | null;
  epochs: number | null;
  state: ChampionRow["state"];
  attempt: number;
  test_metrics: Record<string, number> | null;
  refit: ChampionRow["refit"];
  error: string | null;
  has_weights: boolean;
  updated_at: Date;
}

const CHAMPION_COLUMNS = `c.study_id, c.trial_id, c.trial_number, c.params, c.values, c.epochs, c.state, c.attempt,
  c.test_metrics, c.refit, c.error, c.weights IS NOT NULL AS has_weights, c.updated_at AT TIME ZONE 'UTC' AS updated_at`;

const championRow = (r: ChampionSqlRow): ChampionRow => ({
  studyId: r.study_id,
  trialId: r.trial_id,
  trialNumber: r.trial_number,
  params: r.params,
  values: r.values ?? [],
  epochs: r.epochs,
  state: r.state,
  attempt: r.attempt,
  testMetrics: r.test_metrics,
  refit: r.refit,
  error: r.error,
  hasWeights: r.has_weights,
  updatedAt: r.updated_at,
});

/** The study a refit ends: COMPLETED in the same statement that records the refit's outcome. */
const COMPLETE_STUDY = `UPDATE studies SET status = 'COMPLETED', completed_at = now(), updated_at = now()
  WHERE id IN (SELECT study_id FROM done) AND status = 'REFITTING'`;

/**
 * Champions and their refit jobs in PostgreSQL (`champions`, one row per study): claimed once per
 * attempt, written only by the attempt that holds them, reaped on a stale heartbeat, like trials.
 */
export function postgresChampions({ sql }: Database): RefitLease & RefitLedger & ChampionReads {
  return {
    async beginRefit(studyId) {
      // One statement: the study leaves RUNNING only if it has a COMPLETE trial to refit.
      const rows = await sql.query<{ study_id: number }>(
        "champion_begin",
        `WITH s AS (
           SELECT id, directions[1] AS direction FROM studies WHERE id = $1 AND status = 'RUNNING' FOR UPDATE
         ), best AS (
           SELECT t.id, t.number, t.params, t.values, t.metrics FROM trials t, s
           WHERE t.study_id = s.id AND t.state = 'COMPLETE' AND t.value IS NOT NULL
           ORDER BY CASE WHEN s.direction = 'maximize' THEN -t.value ELSE t.value END, t.number LIMIT 1
         ), ins AS (
           INSERT INTO champions (study_id, trial_id, trial_number, params, values, epochs, updated_at)
           SELECT $1, id, number, params, values,
             CASE WHEN jsonb_typeof(metrics->'bestEpoch') = 'number' THEN (metrics->>'bestEpoch')::int END, now()
           FROM best
           ON CONFLICT (study_id) DO UPDATE SET trial_id = excluded.trial_id, trial_number = excluded.trial_number,
             params = excluded.params, values = excluded.values, epochs = excluded.epochs, state = 'WAITING',
             attempt = 0, worker_id = NULL, heartbeat_at = NULL, test_metrics = NULL, refit = NULL, error = NULL,
             weights = NULL, updated_at = now()
           RETURNING study_id
         )
         UPDATE studies SET status = 'REFITTING', updated_at = now() WHERE id IN (SELECT study_id FROM ins)
         RETURNING id AS study_id`,
        [studyId],
      );
      return rows.length > 0;
    },

    async waitingRefits() {
      const rows = await sql.query<{ study_id: number; trial_id: number; attempt: number; spec: WaitingRefit["spec"] }>(
        "champion_waiting",
        `SELECT c.study_id, c.trial_id, c.attempt, s.spec FROM champions c JOIN studies s ON s.id = c.study_id
         WHERE c.state = 'WAITING' AND s.status = 'REFITTING' ORDER BY c.study_id`,
        [],
      );
      return rows.map((r): WaitingRefit => ({
        studyId: r.study_id,
        trialId: r.trial_id,
        attempt: r.attempt,
        spec: r.spec,
      }));
    },

    async reapStaleRefits(staleAfterMs) {
      const rows = await sql.query<{ study_id: number; attempt: number; state: "WAITING" | "FAILED" }>(
        "champion_reap",
        `WITH stale AS (
           SELECT c.study_id, c.attempt < COALESCE((s.spec->'strategy'->>'maxAttempts')::int, 3) AS retry
           FROM champions c JOIN studies s ON s.id = c.study_id
           WHERE c.state = 'RUNNING' AND c.heartbeat_at < now() - make_interval(secs => $1::float8 / 1000.0)
           FOR UPDATE OF c
         ), reaped AS (
           UPDATE champions c SET state = CASE WHEN stale.retry THEN 'WAITING' ELSE 'FAILED' END,
             error = CASE WHEN stale.retry THEN c.error ELSE 'worker lost ' || c.attempt || ' time(s); no attempts left' END,
             worker_id = NULL, heartbeat_at = NULL, updated_at = now()
           FROM stale WHERE c.study_id = stale.study_id
           RETURNING c.study_id, c.attempt, c.state
         ), done AS (SELECT study_id FROM reaped WHERE state = 'FAILED'), completed AS (${COMPLETE_STUDY})
         SELECT study_id, attempt, state FROM reaped`,
        [staleAfterMs],
      );
      return rows.map((r): ReapedRefit => ({ studyId: r.study_id, attempt: r.attempt, state: r.state }));
    },

    async claimRefit(studyId, workerId) {
      const rows = await sql.query<{
        trial_id: number;
        trial_number: number;
        params: ClaimedRefit["params"];
        epochs: number | null;
        attempt: number;
        spec: ClaimedRefit["spec"];
      }>(
        "champion_claim",
        `UPDATE champions c SET state = 'RUNNING', attempt = c.attempt + 1, worker_id = $2,
           heartbeat_at = now(), updated_at = now()
         FROM studies s WHERE c.study_id = $1 AND s.id = c.study_id AND c.state = 'WAITING' AND s.status = 'REFITTING'
         RETURNING c.trial_id, c.trial_number, c.params, c.epochs, c.attempt, s.spec`,
        [studyId, workerId],
      );
      const r = rows[0];
      return r
        ? {
            studyId,
            trialId: r.trial_id,
            trialNumber: r.trial_number,
            params: r.params,
            epochs: r.epochs,
            attempt: r.attempt,
            spec: r.spec,
          }
        : null;
    },

    async heartbeatRefits(workerId, studyIds) {
      if (studyIds.length === 0) return;
      await sql.query(
        "champion_heartbeat",
        `UPDATE champions SET heartbeat_at = now() WHERE study_id = ANY($1::int[]) AND state = 'RUNNING' AND worker_id = $2`,
        [studyIds, workerId],
      );
    },

    async finishRefit(studyId, attempt, outcome) {
      const complete = outcome.state === "COMPLETE";
      const rows = await sql.query<{ study_id: number }>(
        "champion_finish",
        `WITH done AS (
           UPDATE champions SET state = $3, test_metrics = $4::jsonb, refit = $5::jsonb, weights = $6::bytea,
             error = $7, heartbeat_at = NULL, updated_at = now()
           WHERE study_id = $1 AND attempt = $2 AND state = 'RUNNING'
           RETURNING study_id
         ), completed AS (${COMPLETE_STUDY})
         SELECT study_id FROM done`,
        [
          studyId,
          attempt,
          outcome.state,
          complete ? JSON.stringify(outcome.testMetrics) : null,
          complete ? JSON.stringify(outcome.refit) : null,
          complete && outcome.weights ? Buffer.from(outcome.weights) : null,
          complete ? null : outcome.error,
        ],
      );
      return rows.length > 0;
    },

    async handBackRefit(studyId, attempt) {
      const rows = await sql.query<{ study_id: number }>(
        "champion_hand_back",
        `UPDATE champions SET state = 'WAITING', attempt = attempt - 1, worker_id = NULL, heartbeat_at = NULL
         WHERE study_id = $1 AND attempt = $2 AND state = 'RUNNING' RETURNING study_id`,
        [studyId, attempt],
      );
      return rows.length > 0;
    },

    async champion(studyId) {
      const rows = await sql.query<ChampionSqlRow & { found: number }>(
        "champion_read",
        `SELECT s.id AS found, ${CHAMPION_COLUMNS} FROM studies s LEFT JOIN champions c ON c.study_id = s.id WHERE s.id = $1`,
        [studyId],
      );
      const r = rows[0];
      if (!r) throw new NotFoundError("study", studyId);
      return r.study_id === null ? null : championRow(r);
    },

    async championsOn(dataset, projectId) {
      const rows = await sql.query<ChampionSqlRow & { study_name: string; spec: DatasetChampion["spec"] }>(
        "champions_on_dataset",
        `SELECT ${CHAMPION_COLUMNS}, s.name AS study_name, s.spec FROM champions c JOIN studies s ON s.id = c.study_id
         WHERE c.state = 'COMPLETE' AND c.refit->>'dataset' = $1 AND ($2::int IS NULL OR s.project_id = $2::int)
         ORDER BY c.study_id`,
        [dataset, projectId ?? null],
      );
      return rows.map((r) => ({ ...championRow(r), studyName: r.study_name, spec: r.spec }));
    },

    async championWeights(studyId) {
      const rows = await sql.query<{ data: Buffer; updated_at: Date }>(
        "champion_weights",
        `SELECT weights AS data, updated_at AT TIME ZONE 'UTC' AS updated_at FROM champions
         WHERE study_id = $1 AND weights IS NOT NULL`,
        [studyId],
      );
      const r = rows[0];
      return r ? { updatedAt: r.updated_at, data: bytesOf(r.data) } : null;
    },
  };
}
