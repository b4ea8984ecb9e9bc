import type { StoredCheckpoint } from "../contract/rows.js";
import type { TrialLease } from "../contract/trial-lease.js";
import type { Database } from "./database.js";
import { bytesOf } from "./row-mapping.js";

type CheckpointMethods = Pick<
  TrialLease,
  "saveCheckpoint" | "dropCheckpointsBefore" | "resumableCheckpoint" | "loadCheckpoint"
>;

/**
 * Model weights in PostgreSQL (`checkpoints`, one row per trial and step), so that any worker on any
 * machine can resume a retried trial or copy another trial's weights (population-based training).
 *
 * Every statement goes through plain `pg` (the hot path's SqlClient), never Prisma: a checkpoint is
 * megabytes (an MF of dim 128 on MovieLens with its Adam slots: 16 MB), which `pg` sends as one binary
 * parameter, while Prisma's query compiler copied and encoded the whole value in JavaScript and
 * WebAssembly on the worker's main thread, about 0.35 CPU-s per checkpoint, more than a trial thread's epoch.
 */
export function postgresCheckpoints({ sql }: Database): CheckpointMethods {
  // pg reads bytea as a Buffer; the contract's bytes are a plain Uint8Array (a Buffer's slice() is a view).
  const one = (rows: StoredCheckpoint[]): StoredCheckpoint | null => {
    const row = rows[0];
    if (!row) return null;
    return { step: row.step, attempt: row.attempt, data: bytesOf(row.data) };
  };
  return {
    async saveCheckpoint(trialId, attempt, step, data) {
      const rows = await sql.query<{ saved: number }>(
        "checkpoints_save",
        `WITH live AS (
          SELECT id FROM trials WHERE id = $1::int AND state = 'RUNNING' AND attempt = $2::int
        ), ins AS (
          INSERT INTO checkpoints (trial_id, step, attempt, data, created_at)
          SELECT id, $3::int, $2::int, $4::bytea, now() FROM live
          ON CONFLICT (trial_id, step) DO UPDATE
            SET data = excluded.data, attempt = excluded.attempt, created_at = excluded.created_at
            WHERE checkpoints.attempt <= excluded.attempt
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM live)::int AS saved`,
        [trialId, attempt, step, data],
      );
      return (rows[0]?.saved ?? 0) > 0;
    },

    async dropCheckpointsBefore(trialId, attempt, step) {
      const rows = await sql.query<{ dropped: number }>(
        "checkpoints_drop_before",
        `WITH gone AS (
          DELETE FROM checkpoints WHERE trial_id = $1::int AND step < $3::int
            AND EXISTS (SELECT 1 FROM trials WHERE id = $1::int AND state = 'RUNNING' AND attempt = $2::int)
          RETURNING 1
        )
        SELECT count(*)::int AS dropped FROM gone`,
        [trialId, attempt, step],
      );
      return rows[0]?.dropped ?? 0;
    },

    async resumableCheckpoint(trialId) {
      // A checkpoint saved just before a worker died, without its report, is skipped: that step is trained
      // and reported again rather than lost.
      return one(
        await sql.query<StoredCheckpoint>(
          "checkpoints_resumable",
          `SELECT c.step, c.attempt, c.data FROM checkpoints c
          JOIN intermediate_values iv ON iv.trial_id = c.trial_id AND iv.step = c.step
          WHERE c.trial_id = $1::int
          ORDER BY c.step DESC LIMIT 1`,
          [trialId],
        ),
      );
    },

    async loadCheckpoint(studyId, number, step, options = {}) {
      return one(
        await sql.query<StoredCheckpoint>(
          "checkpoints_load",
          `SELECT c.step, c.attempt, c.data FROM checkpoints c JOIN trials t ON t.id = c.trial_id
          WHERE t.study_id = $1::int AND t.number = $2::int
            AND (c.step = $3::int OR ($4::boolean AND c.step < $3::int))
          ORDER BY c.step DESC LIMIT 1`,
          [studyId, number, step, options.orEarlier === true],
        ),
      );
    },
  };
}
