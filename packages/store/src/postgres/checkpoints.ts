import type { TrialLease } from "../contract/trial-lease.js";
import type { Database } from "./database.js";

type CheckpointMethods = Pick<
  TrialLease,
  "saveCheckpoint" | "dropCheckpointsBefore" | "resumableCheckpoint" | "loadCheckpoint"
>;

/**
 * Model weights in PostgreSQL (`checkpoints`, one row per trial and step), so that any worker on any
 * machine can resume a retried trial or copy another trial's weights (population-based training).
 */
export function postgresCheckpoints({ db }: Database): CheckpointMethods {
  return {
    async saveCheckpoint(trialId, attempt, step, data) {
      const rows = await db.$queryRaw<{ saved: number }[]>`
        WITH live AS (
          SELECT id FROM trials WHERE id = ${trialId} AND state = 'RUNNING' AND attempt = ${attempt}
        ), ins AS (
          INSERT INTO checkpoints (trial_id, step, attempt, data, created_at)
          SELECT id, ${step}, ${attempt}, ${Buffer.from(data)}, now() FROM live
          ON CONFLICT (trial_id, step) DO UPDATE
            SET data = excluded.data, attempt = excluded.attempt, created_at = excluded.created_at
            WHERE checkpoints.attempt <= excluded.attempt
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM live)::int AS saved`;
      return (rows[0]?.saved ?? 0) > 0;
    },

    async dropCheckpointsBefore(trialId, attempt, step) {
      return db.$executeRaw`
        DELETE FROM checkpoints WHERE trial_id = ${trialId} AND step < ${step}
          AND EXISTS (SELECT 1 FROM trials WHERE id = ${trialId} AND state = 'RUNNING' AND attempt = ${attempt})`;
    },

    async resumableCheckpoint(trialId) {
      // Raw SQL for the correlated step; bytea itself is read through the model API (raw reads cannot decode it).
      // A checkpoint saved just before a worker died, without its report, is skipped: that step is trained
      // and reported again rather than lost.
      const rows = await db.$queryRaw<{ step: number }[]>`
        SELECT c.step FROM checkpoints c
        JOIN intermediate_values iv ON iv.trial_id = c.trial_id AND iv.step = c.step
        WHERE c.trial_id = ${trialId}
        ORDER BY c.step DESC LIMIT 1`;
      const step = rows[0]?.step;
      if (step === undefined) return null;
      return db.checkpoint.findUnique({
        where: { trialId_step: { trialId, step } },
        select: { step: true, attempt: true, data: true },
      });
    },

    async loadCheckpoint(studyId, number, step) {
      return db.checkpoint.findFirst({
        where: { step, trial: { studyId, number } },
        select: { step: true, attempt: true, data: true },
      });
    },
  };
}
