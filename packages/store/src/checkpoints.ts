import type { PrismaClient } from "./generated/prisma/client.ts";

export interface StoredCheckpoint {
  readonly step: number;
  readonly attempt: number;
  readonly data: Uint8Array;
}

/**
 * Model weights in PostgreSQL (`checkpoints`, one row per trial and step), so that any worker on any
 * machine can resume a retried trial or copy another trial's weights (population-based training).
 */
export class CheckpointRepository {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Saves the weights after `step` for the attempt that holds the trial; false when that attempt no
   * longer holds it. A retried attempt replaces an older attempt's row of the same step, never the reverse.
   */
  async save(trialId: number, attempt: number, step: number, data: Uint8Array): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ saved: number }[]>`
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
  }

  /**
   * Deletes a trial's checkpoints of steps before `step`: without population-based training only the
   * latest ones are ever read (a resume), and a model's weights are megabytes per epoch.
   */
  async dropBefore(trialId: number, step: number): Promise<number> {
    const { count } = await this.db.checkpoint.deleteMany({ where: { trialId, step: { lt: step } } });
    return count;
  }

  /**
   * Where a retried attempt resumes: the trial's latest checkpoint whose step was also reported. A
   * checkpoint saved just before a worker died, without its report, is skipped, so the step is trained and
   * reported again rather than lost.
   */
  async resumable(trialId: number): Promise<StoredCheckpoint | null> {
    // Raw SQL for the correlated step; bytea itself is read through the model API (raw reads cannot decode it).
    const rows = await this.db.$queryRaw<{ step: number }[]>`
      SELECT c.step FROM checkpoints c
      JOIN intermediate_values iv ON iv.trial_id = c.trial_id AND iv.step = c.step
      WHERE c.trial_id = ${trialId}
      ORDER BY c.step DESC LIMIT 1`;
    const step = rows[0]?.step;
    if (step === undefined) return null;
    return this.db.checkpoint.findUnique({
      where: { trialId_step: { trialId, step } },
      select: { step: true, attempt: true, data: true },
    });
  }

  /** The weights trial `number` of a study saved after `step` (the source of a PBT exploit), or null. */
  async load(studyId: number, number: number, step: number): Promise<StoredCheckpoint | null> {
    return this.db.checkpoint.findFirst({
      where: { step, trial: { studyId, number } },
      select: { step: true, attempt: true, data: true },
    });
  }
}
