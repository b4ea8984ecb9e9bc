import type { Params, TrialRecord, TrialState, TrialStrategy } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import { ConflictError, NotFoundError } from "./errors.js";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { Prisma } from "./generated/prisma/client.ts";
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

/** A trial whose state the scheduler is tracking. */
export interface TrialStatus {
  readonly id: number;
  readonly number: number;
  readonly state: TrialState;
  readonly params: Params;
  readonly values: number[] | null;
  readonly strategy: TrialStrategy | null;
  readonly attempt: number;
}

export interface ReapedTrial {
  readonly id: number;
  readonly studyId: number;
  readonly number: number;
  readonly state: "WAITING" | "FAILED";
  readonly attempt: number;
}

const json = (v: unknown): string => JSON.stringify(v ?? null);

/**
 * Every trial state change goes through here, and each one is a single fenced SQL statement: a trial is
 * claimed once per attempt, a result is accepted only from the attempt that holds the trial, and a
 * retried report of the same step replaces the row instead of adding one.
 */
export class TrialRepository {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Creates trials with consecutive numbers. The study's counter is bumped in the same statement as the
   * insert, so concurrent callers get distinct, gap-free numbers and a failed insert consumes none.
   */
  async create(studyId: number, proposals: readonly TrialProposal[]): Promise<CreatedTrial[]> {
    if (proposals.length === 0) return [];
    const payload = json(proposals.map((p) => ({ params: p.params, strategy: p.strategy ?? null })));
    const rows = await this.db.$queryRaw<{ id: number; number: number; params: Params; attempt: number }[]>`
      WITH alloc AS (
        UPDATE studies SET next_trial_number = next_trial_number + ${proposals.length}, updated_at = now()
        WHERE id = ${studyId} AND status = 'RUNNING'
        RETURNING next_trial_number - ${proposals.length} AS first
      )
      INSERT INTO trials (study_id, number, params, strategy, state, "values", attempt, created_at)
      SELECT ${studyId}::int, alloc.first + p.ord::int - 1, p.item->'params', p.item->'strategy', 'WAITING', '{}', 0, now()
      FROM alloc, jsonb_array_elements(${payload}::jsonb) WITH ORDINALITY AS p(item, ord)
      RETURNING id, number, params, attempt`;
    if (rows.length === 0) {
      const study = await this.db.study.findUnique({ where: { id: studyId }, select: { status: true } });
      if (!study) throw new NotFoundError("study", studyId);
      throw new ConflictError(`study ${studyId} is ${study.status}: it takes no new trials`);
    }
    return rows.sort((a, b) => a.number - b.number);
  }

  /** WAITING -> RUNNING for this worker, attempt + 1; null if another worker holds it or the study is not running. */
  async claim(trialId: number, workerId: string): Promise<ClaimedTrial | null> {
    const rows = await this.db.$queryRaw<{ id: number; study_id: number; number: number; params: Params; attempt: number; spec: StudySpec }[]>`
      UPDATE trials t SET state = 'RUNNING', attempt = t.attempt + 1, worker_id = ${workerId},
        started_at = now(), heartbeat_at = now()
      FROM studies s
      WHERE t.id = ${trialId} AND t.state = 'WAITING' AND s.id = t.study_id AND s.status = 'RUNNING'
      RETURNING t.id, t.study_id, t.number, t.params, t.attempt, s.spec`;
    const r = rows[0];
    return r ? { id: r.id, studyId: r.study_id, number: r.number, params: r.params, attempt: r.attempt, spec: r.spec } : null;
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
    const rows = await this.db.$queryRaw<{ live: number }[]>`
      WITH live AS (
        UPDATE trials SET last_step = GREATEST(COALESCE(last_step, ${step}), ${step}), heartbeat_at = now()
        WHERE id = ${trialId} AND state = 'RUNNING' AND attempt = ${attempt}
        RETURNING id, study_id
      ), ins AS (
        INSERT INTO intermediate_values (trial_id, study_id, step, value, metrics, attempt, created_at)
        SELECT id, study_id, ${step}, ${value}, ${json(metrics)}::jsonb, ${attempt}, now() FROM live
        ON CONFLICT (trial_id, step) DO UPDATE
          SET value = excluded.value, metrics = excluded.metrics, attempt = excluded.attempt, created_at = excluded.created_at
          WHERE intermediate_values.attempt <= excluded.attempt
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM live)::int AS live`;
    return (rows[0]?.live ?? 0) > 0;
  }

  /** Records the result exactly once: only while RUNNING under the same attempt. */
  async finish(trialId: number, attempt: number, outcome: TrialOutcome): Promise<boolean> {
    const values = [...(outcome.values ?? [])];
    const updated = await this.db.trial.updateMany({
      where: { id: trialId, state: "RUNNING", attempt },
      data: {
        state: outcome.state,
        values,
        value: values[0] ?? null,
        metrics: outcome.metrics ? (outcome.metrics as Prisma.InputJsonValue) : Prisma.DbNull,
        error: outcome.error ?? null,
        finishedAt: new Date(),
        heartbeatAt: null,
      },
    });
    return updated.count === 1;
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
    await this.db.trial.updateMany({
      where: { id: { in: [...trialIds] }, state: "RUNNING", workerId },
      data: { heartbeatAt: new Date() },
    });
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

  /** Current state of the given trials (the scheduler's in-flight set). */
  async statuses(trialIds: readonly number[]): Promise<TrialStatus[]> {
    if (trialIds.length === 0) return [];
    const rows = await this.db.trial.findMany({
      where: { id: { in: [...trialIds] } },
      select: { id: true, number: true, state: true, params: true, values: true, strategy: true, attempt: true },
    });
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      state: r.state,
      params: r.params as Params,
      values: r.values.length > 0 ? r.values : null,
      strategy: (r.strategy as TrialStrategy | null) ?? null,
      attempt: r.attempt,
    }));
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
  async list(studyId: number, options: { offset: number; limit: number; state?: TrialState }): Promise<{ total: number; trials: TrialRow[] }> {
    const where = { studyId, ...(options.state ? { state: options.state } : {}) };
    const [total, rows] = await Promise.all([
      this.db.trial.count({ where }),
      this.db.trial.findMany({ where, orderBy: { number: "asc" }, skip: options.offset, take: options.limit }),
    ]);
    return { total, trials: rows.map(toTrialRow) };
  }

  /** Completed trials, best first by the first objective (ties: the earlier trial first). */
  async leaderboard(studyId: number, direction: "minimize" | "maximize", limit: number): Promise<TrialRow[]> {
    const rows = await this.db.trial.findMany({
      where: { studyId, state: "COMPLETE", value: { not: null } },
      orderBy: [{ value: direction === "maximize" ? "desc" : "asc" }, { number: "asc" }],
      take: limit,
    });
    return rows.map(toTrialRow);
  }

  /**
   * Every trial of the study that reported one of `steps`, with only those steps' values: what a
   * scheduler decision reads (`TrialScheduler.stepsNeeded`). One scan of the (study_id, step) index,
   * however long the study's history.
   */
  async stepValues(studyId: number, steps: readonly number[]): Promise<TrialRecord[]> {
    if (steps.length === 0) return [];
    const rows = await this.db.$queryRaw<{ number: number; state: TrialState; params: Params; values: number[]; step: number; value: number }[]>`
      SELECT t.number, t.state::text AS state, t.params, t."values", iv.step, iv.value
      FROM intermediate_values iv JOIN trials t ON t.id = iv.trial_id
      WHERE iv.study_id = ${studyId} AND iv.step = ANY(${[...steps]}::int[])
      ORDER BY t.number, iv.step`;
    const records: TrialRecord[] = [];
    for (const r of rows) {
      let last = records.at(-1);
      if (last?.number !== r.number) {
        last = toTrialRecord({ number: r.number, state: r.state, params: r.params, values: r.values.length > 0 ? r.values : null, strategy: null });
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
    const rows = await this.db.intermediateValue.findMany({ where: { trialId }, select: { step: true, value: true }, orderBy: { step: "asc" } });
    return new Map(rows.map((r) => [r.step, r.value]));
  }
}
