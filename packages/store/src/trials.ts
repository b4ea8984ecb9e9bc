import type { Params, TrialRecord, TrialState, TrialStrategy } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import { Batcher } from "./batcher.js";
import { ConflictError, NotFoundError } from "./errors.js";
import { Prisma, type PrismaClient } from "./generated/prisma/client.ts";
import type { SqlClient } from "./sql.js";
import { type ClaimedTrial, type TrialRow, toTrialRecord, toTrialRow } from "./rows.js";

export interface TrialProposal {
  readonly params: Params;
  readonly strategy?: TrialStrategy;
}

export interface CreatedTrial {
  readonly id: number;
  readonly number: number;
  readonly params: Params;
  readonly attempt: number;
}

export interface TrialOutcome {
  readonly state: "COMPLETE" | "PRUNED" | "FAILED";
  readonly values?: readonly number[];
  readonly metrics?: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** A trial in flight whose state changed since the scheduler last looked. */
export interface TrialChange {
  readonly id: number;
  readonly state: TrialState;
  readonly values: number[] | null;
}

export interface ReapedTrial {
  readonly id: number;
  readonly studyId: number;
  readonly number: number;
  readonly state: "WAITING" | "FAILED";
  readonly attempt: number;
}

interface LeaderboardRequest {
  readonly studyId: number;
  readonly direction: "minimize" | "maximize";
  readonly limit: number;
}

/**
 * The columns of `trials` under the Prisma model's field names, for plain SQL reads. Timestamps are
 * stored as UTC without a zone (Prisma's convention); read as timestamptz, pg makes the same Dates.
 */
const TRIAL_COLUMNS = `id, study_id AS "studyId", number, params, state::text AS state, "values", metrics, attempt,
  worker_id AS "workerId", strategy, last_step AS "lastStep", error, created_at AT TIME ZONE 'UTC' AS "createdAt",
  started_at AT TIME ZONE 'UTC' AS "startedAt", finished_at AT TIME ZONE 'UTC' AS "finishedAt"`;

/**
 * The leaderboard's statement ($1 study, $2 limit): an ordered scan of the partial index
 * trials_leaderboard_asc_idx / _desc_idx (see its migration), k entries whatever the study's size.
 */
export function leaderboardStatement(direction: "minimize" | "maximize"): { name: string; text: string } {
  const order = direction === "maximize" ? "DESC" : "ASC";
  return {
    name: `trials_leaderboard_${order}`,
    text: `SELECT ${TRIAL_COLUMNS} FROM trials
      WHERE study_id = $1::int AND state = 'COMPLETE' AND value IS NOT NULL
      ORDER BY value ${order}, number ASC LIMIT $2::int`,
  };
}

const json = (v: unknown): string => JSON.stringify(v ?? null);

/**
 * Every trial state change goes through here, and each one is a single fenced SQL statement: a trial is
 * claimed once per attempt, a result is accepted only from the attempt that holds the trial, and a
 * retried report of the same step replaces the row instead of adding one.
 */
export class TrialRepository {
  private readonly claims = new Batcher(this.claimBatch.bind(this));
  private readonly finishes = new Batcher(this.finishBatch.bind(this));
  private readonly leaderboards = new Batcher(this.leaderboardBatch.bind(this));

  constructor(
    private readonly db: PrismaClient,
    /** The statements every trial runs (create, claim, report, finish, heartbeat, changes). */
    private readonly sql: SqlClient,
  ) {}

  /**
   * Creates trials with consecutive numbers. The study's counter is bumped in the same statement as the
   * insert, so concurrent callers get distinct, gap-free numbers and a failed insert consumes none.
   */
  async create(studyId: number, proposals: readonly TrialProposal[]): Promise<CreatedTrial[]> {
    if (proposals.length === 0) return [];
    const payload = json(proposals.map((p) => ({ params: p.params, strategy: p.strategy ?? null })));
    const rows = await this.sql.query<{ id: number; number: number; params: Params; attempt: number }>(
      "trials_create",
      `WITH alloc AS (
        UPDATE studies SET next_trial_number = next_trial_number + $2::int, updated_at = now()
        WHERE id = $1::int AND status = 'RUNNING'
        RETURNING next_trial_number - $2::int AS first
      )
      INSERT INTO trials (study_id, number, params, strategy, state, "values", attempt, created_at)
      SELECT $1::int, alloc.first + p.ord::int - 1, p.item->'params', p.item->'strategy', 'WAITING', '{}', 0, now()
      FROM alloc, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS p(item, ord)
      RETURNING id, number, params, attempt`,
      [studyId, proposals.length, payload],
    );
    if (rows.length === 0) {
      const study = await this.db.study.findUnique({ where: { id: studyId }, select: { status: true } });
      if (!study) throw new NotFoundError("study", studyId);
      throw new ConflictError(`study ${studyId} is ${study.status}: it takes no new trials`);
    }
    return rows.sort((a, b) => a.number - b.number);
  }

  /** WAITING -> RUNNING for this worker, attempt + 1; null if another worker holds it or the study is not running. */
  claim(trialId: number, workerId: string): Promise<ClaimedTrial | null> {
    return this.claims.submit({ trialId, workerId });
  }

  /**
   * Concurrent claims go out as one statement. Each row is still fenced on its own (WAITING and a running
   * study); when several callers race for one trial the row is updated once and only the caller whose
   * ordinal the statement returns gets it.
   */
  private async claimBatch(items: readonly { trialId: number; workerId: string }[]): Promise<(ClaimedTrial | null)[]> {
    const payload = json(items.map((c, ord) => ({ ord, id: c.trialId, worker: c.workerId })));
    const rows = await this.sql.query<{
      ord: number;
      id: number;
      study_id: number;
      number: number;
      params: Params;
      attempt: number;
      last_step: number | null;
      spec: StudySpec;
      strategy: TrialStrategy | null;
    }>(
      "trials_claim",
      `UPDATE trials t SET state = 'RUNNING', attempt = t.attempt + 1, worker_id = v.worker,
        started_at = now(), heartbeat_at = now()
      FROM studies s, jsonb_to_recordset($1::jsonb) AS v(ord int, id int, worker text)
      WHERE t.id = v.id AND t.state = 'WAITING' AND s.id = t.study_id AND s.status = 'RUNNING'
      RETURNING v.ord, t.id, t.study_id, t.number, t.params, t.attempt, t.last_step, s.spec, t.strategy`,
      [payload],
    );
    const out: (ClaimedTrial | null)[] = items.map(() => null);
    for (const r of rows)
      out[r.ord] = {
        id: r.id,
        studyId: r.study_id,
        number: r.number,
        params: r.params,
        attempt: r.attempt,
        spec: r.spec,
        lastStep: r.last_step,
        strategy: r.strategy,
      };
    return out;
  }

  /**
   * Stores the value of `step` for the attempt that holds the trial (and refreshes its heartbeat).
   * Returns false when that attempt no longer holds the trial: the caller must stop working on it.
   */
  async report(
    trialId: number,
    attempt: number,
    step: number,
    value: number,
    metrics: Readonly<Record<string, number>>,
  ): Promise<boolean> {
    const rows = await this.sql.query<{ live: number }>(
      "trials_report",
      `WITH live AS (
        UPDATE trials SET last_step = GREATEST(COALESCE(last_step, $3::int), $3::int), heartbeat_at = now()
        WHERE id = $1::int AND state = 'RUNNING' AND attempt = $2::int
        RETURNING id, study_id
      ), ins AS (
        INSERT INTO intermediate_values (trial_id, study_id, step, value, metrics, attempt, created_at)
        SELECT id, study_id, $3::int, $4::float8, $5::jsonb, $2::int, now() FROM live
        ON CONFLICT (trial_id, step) DO UPDATE
          SET value = excluded.value, metrics = excluded.metrics, attempt = excluded.attempt, created_at = excluded.created_at
          WHERE intermediate_values.attempt <= excluded.attempt
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM live)::int AS live`,
      [trialId, attempt, step, value, json(metrics)],
    );
    return (rows[0]?.live ?? 0) > 0;
  }

  /** Records the result exactly once: only while RUNNING under the same attempt. */
  finish(trialId: number, attempt: number, outcome: TrialOutcome): Promise<boolean> {
    return this.finishes.submit({ trialId, attempt, outcome });
  }

  /**
   * Concurrent results go out as one statement, each row fenced on its own (RUNNING under its attempt).
   * Two results for the same attempt update the row once; only the caller whose ordinal comes back wins.
   */
  private async finishBatch(
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
    const rows = await this.sql.query<{ ord: number }>(
      "trials_finish",
      `UPDATE trials t SET state = v.state::"TrialState",
        "values" = ARRAY(SELECT jsonb_array_elements_text(v.vals)::float8),
        value = (v.vals->>0)::float8, metrics = v.metrics, error = v.error,
        finished_at = now(), heartbeat_at = NULL
      FROM jsonb_to_recordset($1::jsonb) AS v(ord int, id int, attempt int, state text, vals jsonb, metrics jsonb, error text)
      WHERE t.id = v.id AND t.state = 'RUNNING' AND t.attempt = v.attempt
      RETURNING v.ord`,
      [payload],
    );
    const out = items.map(() => false);
    for (const r of rows) out[r.ord] = true;
    return out;
  }

  /** Hands a running trial back (graceful worker shutdown): WAITING again, and the attempt is not counted. */
  async release(trialId: number, attempt: number): Promise<boolean> {
    const updated = await this.db.trial.updateMany({
      where: { id: trialId, state: "RUNNING", attempt },
      data: { state: "WAITING", attempt: attempt - 1, workerId: null, heartbeatAt: null, startedAt: null },
    });
    return updated.count === 1;
  }

  async heartbeat(workerId: string, trialIds: readonly number[]): Promise<void> {
    if (trialIds.length === 0) return;
    await this.sql.query(
      "trials_heartbeat",
      `UPDATE trials SET heartbeat_at = now() WHERE id = ANY($1::int[]) AND state = 'RUNNING' AND worker_id = $2::text`,
      [trialIds, workerId],
    );
  }

  /**
   * Trials whose worker stopped heart-beating: back to WAITING for another attempt, or FAILED once the
   * study's maxAttempts are spent (or the study no longer runs). The clock is the database's.
   */
  async reapStale(staleAfterMs: number): Promise<ReapedTrial[]> {
    return this.db.$queryRaw<ReapedTrial[]>`
      UPDATE trials t SET
        state = CASE WHEN s.status = 'RUNNING' AND t.attempt < COALESCE((s.spec->'strategy'->>'maxAttempts')::int, 3)
                THEN 'WAITING'::"TrialState" ELSE 'FAILED'::"TrialState" END,
        error = CASE WHEN s.status = 'RUNNING' AND t.attempt < COALESCE((s.spec->'strategy'->>'maxAttempts')::int, 3)
                THEN t.error ELSE 'worker lost ' || t.attempt || ' time(s); no attempts left' END,
        finished_at = CASE WHEN s.status = 'RUNNING' AND t.attempt < COALESCE((s.spec->'strategy'->>'maxAttempts')::int, 3)
                THEN NULL ELSE now() END,
        worker_id = NULL, heartbeat_at = NULL
      FROM studies s
      WHERE s.id = t.study_id AND t.state = 'RUNNING'
        AND t.heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000})
      RETURNING t.id, t.study_id AS "studyId", t.number, t.state::text AS state, t.attempt`;
  }

  /** The whole study as samplers see it, in trial-number order (one query; for the scheduler's first load). */
  async history(studyId: number): Promise<TrialRecord[]> {
    const rows = await this.db.trial.findMany({
      where: { studyId },
      select: { number: true, state: true, params: true, values: true, strategy: true },
      orderBy: { number: "asc" },
    });
    return rows.map((r) =>
      toTrialRecord({
        number: r.number,
        state: r.state,
        params: r.params as Params,
        values: r.values.length > 0 ? r.values : null,
        strategy: (r.strategy as TrialStrategy | null) ?? null,
      }),
    );
  }

  /**
   * The trials in flight whose state is no longer the one the caller knows (claimed, finished, handed
   * back, reaped). One indexed query bounded by the study's parallelism; unchanged trials cost no rows.
   */
  async changes(known: {
    readonly waiting: readonly number[];
    readonly running: readonly number[];
  }): Promise<TrialChange[]> {
    if (known.waiting.length === 0 && known.running.length === 0) return [];
    const rows = await this.sql.query<{ id: number; state: TrialState; values: number[] | null }>(
      "trials_changes",
      `SELECT id, state::text AS state, "values" FROM trials
      WHERE (id = ANY($1::int[]) AND state <> 'WAITING') OR (id = ANY($2::int[]) AND state <> 'RUNNING')`,
      [known.waiting, known.running],
    );
    return rows.map((r) => ({ id: r.id, state: r.state, values: r.values && r.values.length > 0 ? r.values : null }));
  }

  /** Trials not finished yet: what the scheduler tracks after a restart. */
  async unfinished(studyId: number): Promise<{ id: number; number: number; state: TrialState; attempt: number }[]> {
    return this.db.trial.findMany({
      where: { studyId, state: { in: ["WAITING", "RUNNING"] } },
      select: { id: true, number: true, state: true, attempt: true },
      orderBy: { number: "asc" },
    });
  }

  async get(studyId: number, number: number): Promise<TrialRow> {
    const row = await this.db.trial.findUnique({ where: { studyId_number: { studyId, number } } });
    if (!row) throw new NotFoundError("trial", number);
    return toTrialRow(row);
  }

  /** Trials in number order, offset-paginated. */
  async list(
    studyId: number,
    options: { offset: number; limit: number; state?: TrialState },
  ): Promise<{ total: number; trials: TrialRow[] }> {
    const where = { studyId, ...(options.state ? { state: options.state } : {}) };
    const [total, rows] = await Promise.all([
      this.db.trial.count({ where }),
      this.db.trial.findMany({ where, orderBy: { number: "asc" }, skip: options.offset, take: options.limit }),
    ]);
    return { total, trials: rows.map(toTrialRow) };
  }

  /**
   * Completed trials, best first by the first objective (ties: the earlier trial first). Requests that
   * arrive while one is being answered wait for it and then share one statement per distinct request,
   * so a burst of readers costs a few queries; every answer is still read after its request arrived.
   */
  leaderboard(studyId: number, direction: "minimize" | "maximize", limit: number): Promise<TrialRow[]> {
    return this.leaderboards.submit({ studyId, direction, limit });
  }

  private async leaderboardBatch(requests: readonly LeaderboardRequest[]): Promise<TrialRow[][]> {
    const keyOf = (r: LeaderboardRequest) => `${r.studyId}:${r.direction}:${r.limit}`;
    const distinct = new Map(requests.map((r) => [keyOf(r), r]));
    const answers = new Map(
      await Promise.all(
        [...distinct].map(
          async ([key, r]) => [key, await this.queryLeaderboard(r.studyId, r.direction, r.limit)] as const,
        ),
      ),
    );
    return requests.map((r) => answers.get(keyOf(r)) ?? []);
  }

  private async queryLeaderboard(
    studyId: number,
    direction: "minimize" | "maximize",
    limit: number,
  ): Promise<TrialRow[]> {
    const { name, text } = leaderboardStatement(direction);
    const rows = await this.sql.query<Parameters<typeof toTrialRow>[0]>(name, text, [studyId, limit]);
    return rows.map(toTrialRow);
  }

  /**
   * Every trial of the study that reported one of `steps`, with only those steps' values: what a
   * scheduler decision reads (`Pruner.stepsNeeded`). One scan of the (study_id, step) index,
   * however long the study's history.
   */
  async stepValues(studyId: number, steps: readonly number[]): Promise<TrialRecord[]> {
    if (steps.length === 0) return [];
    const rows = await this.db.$queryRaw<
      { number: number; state: TrialState; params: Params; values: number[]; step: number; value: number }[]
    >`
      SELECT t.number, t.state::text AS state, t.params, t."values", iv.step, iv.value
      FROM intermediate_values iv JOIN trials t ON t.id = iv.trial_id
      WHERE iv.study_id = ${studyId} AND iv.step = ANY(${[...steps]}::int[])
      ORDER BY t.number, iv.step`;
    const records: TrialRecord[] = [];
    for (const r of rows) {
      let last = records.at(-1);
      if (last?.number !== r.number) {
        last = toTrialRecord({
          number: r.number,
          state: r.state,
          params: r.params,
          values: r.values.length > 0 ? r.values : null,
          strategy: null,
        });
        records.push(last);
      }
      // toTrialRecord gives each record a fresh map.
      (last.intermediate as Map<number, number>).set(r.step, r.value);
    }
    return records;
  }

  /** Replaces the hyperparameters of the trial the attempt holds (population-based training's explore). */
  async setParams(trialId: number, attempt: number, params: Params): Promise<boolean> {
    const updated = await this.db.trial.updateMany({
      where: { id: trialId, state: "RUNNING", attempt },
      data: { params: params as Prisma.InputJsonValue },
    });
    return updated.count === 1;
  }

  /** step -> value reported by one trial (the current attempt's rows). */
  async intermediate(trialId: number): Promise<Map<number, number>> {
    const rows = await this.db.intermediateValue.findMany({
      where: { trialId },
      select: { step: true, value: true },
      orderBy: { step: "asc" },
    });
    return new Map(rows.map((r) => [r.step, r.value]));
  }
}
