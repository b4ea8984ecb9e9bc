import pg from "pg";

/** What the checks found for one study (every count must be 0). */
export interface StudyVerdict {
  readonly status: string;
  readonly trials: number;
  /** Budget not reached: trials missing, or the study did not end COMPLETED. */
  readonly lost: number;
  /** Trial numbers given twice, or a trial with more than one stored result. */
  readonly duplicated: number;
  /** Trials FAILED although the objective cannot fail (only infrastructure could have failed them). */
  readonly infraFailed: number;
  /** Trials left WAITING or RUNNING after the study ended (or when the wait gave up). */
  readonly stuck: number;
  /** Longest time no trial finished, outage windows excluded (s). */
  readonly maxStallS: number;
  readonly wallS: number;
}

/** The checks in PostgreSQL after a scenario: read only from the database, never from the processes. */
export async function checkStudy(
  url: string,
  studyId: number,
  maxTrials: number,
  outages: readonly { from: number; to: number }[],
): Promise<StudyVerdict> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const study = await client.query<{ status: string; created: Date; completed: Date | null }>(
      `SELECT status::text AS status, created_at AS created, completed_at AS completed FROM studies WHERE id = $1`,
      [studyId],
    );
    const counts = await client.query<{
      n: number;
      numbers: number;
      max: number | null;
      complete: number;
      failed: number;
      unfinished: number;
    }>(
      `SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers, max(number)::int AS max,
        count(*) FILTER (WHERE state IN ('COMPLETE', 'PRUNED'))::int AS complete,
        count(*) FILTER (WHERE state = 'FAILED')::int AS failed,
        count(*) FILTER (WHERE state IN ('WAITING', 'RUNNING'))::int AS unfinished
      FROM trials WHERE study_id = $1`,
      [studyId],
    );
    // A report row per trial and step: a step stored twice would be a duplicated write.
    const reports = await client.query<{ dup: number }>(
      `SELECT count(*)::int AS dup FROM (SELECT trial_id, step FROM intermediate_values WHERE study_id = $1
        GROUP BY trial_id, step HAVING count(*) > 1) d`,
      [studyId],
    );
    // Timestamps are UTC without a zone (Prisma's convention): read them as epoch milliseconds.
    const finishes = await client.query<{ ms: string }>(
      `SELECT (extract(epoch FROM finished_at) * 1000)::bigint::text AS ms FROM trials
      WHERE study_id = $1 AND finished_at IS NOT NULL ORDER BY finished_at`,
      [studyId],
    );
    const created = await client.query<{ ms: string; done: string | null }>(
      `SELECT (extract(epoch FROM created_at) * 1000)::bigint::text AS ms,
        (extract(epoch FROM completed_at) * 1000)::bigint::text AS done FROM studies WHERE id = $1`,
      [studyId],
    );
    const c = counts.rows[0]!;
    const s = study.rows[0]!;
    const start = Number(created.rows[0]!.ms);
    const end = created.rows[0]!.done === null ? Date.now() : Number(created.rows[0]!.done);
    const times = [start, ...finishes.rows.map((r) => Number(r.ms))];
    let stall = 0;
    for (let i = 1; i < times.length; i++) {
      const from = times[i - 1]!;
      const to = times[i]!;
      const outage = outages.reduce((sum, o) => sum + Math.max(0, Math.min(to, o.to) - Math.max(from, o.from)), 0);
      stall = Math.max(stall, to - from - outage);
    }
    return {
      status: s.status,
      trials: c.n,
      lost: Math.max(0, maxTrials - c.complete) + (s.status === "COMPLETED" ? 0 : 1),
      duplicated: c.n - c.numbers + (c.max !== null && c.max + 1 !== c.numbers ? 1 : 0) + (reports.rows[0]?.dup ?? 0),
      infraFailed: c.failed,
      stuck: c.unfinished,
      maxStallS: Math.round(stall / 100) / 10,
      wallS: Math.round((end - start) / 100) / 10,
    };
  } finally {
    await client.end();
  }
}
