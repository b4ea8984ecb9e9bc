import type { Params, TrialStrategy } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import { Batcher } from "../batcher.js";
import type { ClaimedTrial, TrialOutcome } from "../contract/rows.js";
import type { TrialLease } from "../contract/trial-lease.js";
import type { Database } from "./database.js";
import { json } from "./row-mapping.js";

type LeaseWrites = Pick<
  TrialLease,
  | "claim"
  | "held"
  | "report"
  | "reports"
  | "setParams"
  | "finish"
  | "retryLater"
  | "handBack"
  | "heartbeat"
  | "renewLease"
>;

/** A trial row joined with its study's spec, as a claim returns it. */
export interface ClaimedRow {
  id: number;
  study_id: number;
  number: number;
  params: Params;
  attempt: number;
  last_step: number | null;
  spec: StudySpec;
  strategy: TrialStrategy | null;
}

export const toClaimed = (r: ClaimedRow): ClaimedTrial => ({
  id: r.id,
  studyId: r.study_id,
  number: r.number,
  params: r.params,
  attempt: r.attempt,
  spec: r.spec,
  lastStep: r.last_step,
  strategy: r.strategy,
});

/**
 * A worker's writes on the trial it holds, each a single fenced statement: a trial is claimed once per
 * attempt, and a report or a result is accepted only from the attempt that holds the trial (RUNNING
 * under it). Claims and results of concurrent trials go out as one statement per batch.
 */
export function postgresTrialLease({ db, sql }: Database): LeaseWrites {
  const claims = new Batcher(claimBatch);
  const finishes = new Batcher(finishBatch);

  /**
   * Each row of a batch is fenced on its own (WAITING and a running study); when several callers race
   * for one trial the row is updated once and only the caller whose ordinal the statement returns gets it.
   */
  async function claimBatch(items: readonly { trialId: number; workerId: string }[]): Promise<(ClaimedTrial | null)[]> {
    const payload = json(items.map((c, ord) => ({ ord, id: c.trialId, worker: c.workerId })));
    const rows = await sql.query<ClaimedRow & { ord: number }>(
      "trials_claim",
      `UPDATE trials t SET state = 'RUNNING', attempt = t.attempt + 1, worker_id = v.worker,
        started_at = now(), heartbeat_at = now()
      FROM studies s, jsonb_to_recordset($1::jsonb) AS v(ord int, id int, worker text)
      WHERE t.id = v.id AND t.state = 'WAITING' AND s.id = t.study_id AND s.status = 'RUNNING'
      RETURNING v.ord, t.id, t.study_id, t.number, t.params, t.attempt, t.last_step, s.spec, t.strategy`,
      [payload],
    );
    const out: (ClaimedTrial | null)[] = items.map(() => null);
    for (const r of rows) out[r.ord] = toClaimed(r);
    return out;
  }

  /** Two results for the same attempt update the row once; only the caller whose ordinal comes back wins. */
  async function finishBatch(
    items: readonly { trialId: number; attempt: number; outcome: TrialOutcome }[],
  ): Promise<boolean[]> {
    const payload = json(
      items.map(({ trialId, attempt, outcome }, ord) => ({
        ord,
        id: trialId,
        attempt,
        state: outcome.state,
        vals: outcome.values ?? [],
        ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      })),
    );
    const rows = await sql.query<{ ord: number }>(
      "trials_finish",
      `WITH done AS (
        UPDATE trials t SET state = v.state::"TrialState",
          "values" = ARRAY(SELECT jsonb_array_elements_text(v.vals)::float8),
          value = (v.vals->>0)::float8, metrics = v.metrics, error = v.error,
          finished_at = now(), heartbeat_at = NULL
        FROM jsonb_to_recordset($1::jsonb)
          AS v(ord int, id int, attempt int, state text, vals jsonb, metrics jsonb, error text)
        WHERE t.id = v.id AND t.state = 'RUNNING' AND t.attempt = v.attempt
        RETURNING v.ord, t.id, t.study_id
      ), dropped AS (
        -- A finished trial's checkpoints have no reader left (the champion's weights are kept with it),
        -- unless population-based training may still copy them into another trial.
        DELETE FROM checkpoints c USING done d, studies s
        WHERE c.trial_id = d.id AND s.id = d.study_id AND s.spec->'strategy'->'pruner'->>'name' IS DISTINCT FROM 'pbt'
      )
      SELECT ord FROM done`,
      [payload],
    );
    const out = items.map(() => false);
    for (const r of rows) out[r.ord] = true;
    return out;
  }

  return {
    claim: (trialId, workerId) => claims.submit({ trialId, workerId }),

    async held(trialId, holder) {
      const rows = await sql.query<ClaimedRow>(
        "trials_held",
        `SELECT t.id, t.study_id, t.number, t.params, t.attempt, t.last_step, s.spec, t.strategy
        FROM trials t JOIN studies s ON s.id = t.study_id
        WHERE t.id = $1::int AND t.state = 'RUNNING' AND ($2::text IS NULL OR t.worker_id = $2::text)`,
        [trialId, holder ?? null],
      );
      return rows[0] ? toClaimed(rows[0]) : null;
    },

    async report(trialId, attempt, step, value, metrics) {
      const rows = await sql.query<{ live: number }>(
        "trials_report",
        `WITH live AS (
          UPDATE trials SET last_step = GREATEST(COALESCE(last_step, $3::int), $3::int), heartbeat_at = now()
          WHERE id = $1::int AND state = 'RUNNING' AND attempt = $2::int
          RETURNING id, study_id
        ), ins AS (
          INSERT INTO intermediate_values (trial_id, study_id, step, value, metrics, attempt, created_at)
          SELECT id, study_id, $3::int, $4::float8, $5::jsonb, $2::int, now() FROM live
          ON CONFLICT (trial_id, step) DO UPDATE
            SET value = excluded.value, metrics = excluded.metrics, attempt = excluded.attempt,
              created_at = excluded.created_at
            WHERE intermediate_values.attempt <= excluded.attempt
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM live)::int AS live`,
        [trialId, attempt, step, value, json(metrics)],
      );
      return (rows[0]?.live ?? 0) > 0;
    },

    async reports(trialId) {
      const rows = await db.intermediateValue.findMany({
        where: { trialId },
        select: { step: true, value: true },
        orderBy: { step: "asc" },
      });
      return new Map(rows.map((r) => [r.step, r.value]));
    },

    async setParams(trialId, attempt, params) {
      const { count } = await db.trial.updateMany({
        where: { id: trialId, state: "RUNNING", attempt },
        data: { params },
      });
      return count === 1;
    },

    finish: (trialId, attempt, outcome) => finishes.submit({ trialId, attempt, outcome }),

    // Same rule as the reaper's: another attempt while the study runs and has attempts left.
    async retryLater(trialId, attempt, error) {
      const rows = await sql.query<{ state: "WAITING" | "FAILED" }>(
        "trials_retry_later",
        `UPDATE trials t SET
          state = CASE WHEN s.status = 'RUNNING' AND t.attempt < COALESCE((s.spec->'strategy'->>'maxAttempts')::int, 3)
                  THEN 'WAITING'::"TrialState" ELSE 'FAILED'::"TrialState" END,
          finished_at = CASE WHEN s.status = 'RUNNING' AND t.attempt < COALESCE((s.spec->'strategy'->>'maxAttempts')::int, 3)
                  THEN NULL ELSE now() END,
          error = $3::text, worker_id = NULL, heartbeat_at = NULL
        FROM studies s
        WHERE t.id = $1::int AND t.state = 'RUNNING' AND t.attempt = $2::int AND s.id = t.study_id
        RETURNING t.state::text AS state`,
        [trialId, attempt, error],
      );
      return rows[0]?.state ?? null;
    },

    async handBack(trialId, attempt) {
      const { count } = await db.trial.updateMany({
        where: { id: trialId, state: "RUNNING", attempt },
        data: { state: "WAITING", attempt: attempt - 1, workerId: null, heartbeatAt: null, startedAt: null },
      });
      return count === 1;
    },

    async renewLease(trialId, attempt) {
      const rows = await sql.query<{ id: number }>(
        "trials_renew_lease",
        `UPDATE trials SET heartbeat_at = now() WHERE id = $1::int AND state = 'RUNNING' AND attempt = $2::int
        RETURNING id`,
        [trialId, attempt],
      );
      return rows.length === 1;
    },

    async heartbeat(workerId, trialIds) {
      if (trialIds.length === 0) return;
      await sql.query(
        "trials_heartbeat",
        `UPDATE trials SET heartbeat_at = now()
        WHERE id = ANY($1::int[]) AND state = 'RUNNING' AND worker_id = $2::text`,
        [trialIds, workerId],
      );
    },
  };
}
