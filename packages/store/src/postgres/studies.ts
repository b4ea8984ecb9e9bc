import { objectivesOf, type StudySpec } from "@rectune/spec";
import { Batcher } from "../batcher.js";
import { ConflictError, IdempotencyConflictError, NotFoundError } from "../contract/errors.js";
import type { StudyRow, StudyStatus, TrialCounts } from "../contract/rows.js";
import {
  DEFAULT_PROJECT_ID,
  FAILED_BEFORE_START,
  type StudyControl,
  STOPPED_BEFORE_START,
} from "../contract/study-control.js";
import type { StudyLedger } from "../contract/study-ledger.js";
import type { StudyReads } from "../contract/study-reads.js";
import type { Database } from "./database.js";
import {
  STUDY_COLUMNS,
  type StudyRecordRow,
  toStudyRow,
  toTrialRow,
  TRIAL_COLUMNS,
  type TrialRecordRow,
} from "./row-mapping.js";

/** The client a Prisma interactive transaction hands its callback. */
type Transaction = Parameters<Parameters<Database["db"]["$transaction"]>[0]>[0];

type StudyMethods = Pick<StudyReads, "study" | "studies" | "studySummary"> &
  Pick<StudyLedger, "runningStudies" | "finishStudy"> &
  StudyControl;

/**
 * Studies: created and stopped by the API, read by everyone, completed by the scheduler. Every
 * timestamp is the database's clock. Hot reads (every API request, every scheduler listing) are plain
 * SQL: Prisma's model queries cost several times the CPU of the same statement.
 */
export function postgresStudies({ db, sql }: Database): StudyMethods {
  /**
   * Reads that arrive while one is in flight go out together as one statement (a burst of API requests
   * costs one query); each is still read after its request arrived.
   */
  const reads = new Batcher(async (ids: readonly number[]): Promise<(StudyRecordRow | undefined)[]> => {
    const rows = await sql.query<StudyRecordRow>(
      "studies_by_id",
      `SELECT ${STUDY_COLUMNS} FROM studies WHERE id = ANY($1::int[])`,
      [[...new Set(ids)]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  });

  const study = async (id: number): Promise<StudyRow> => {
    const row = await reads.submit(id);
    if (!row) throw new NotFoundError("study", id);
    return toStudyRow(row);
  };

  /**
   * Changes a study that is in status `from` (locked for the transaction, so two callers cannot both
   * see it there), and returns it as changed. NotFoundError, or ConflictError when it is in another status.
   */
  const transition = (id: number, from: StudyStatus, change: (tx: Transaction) => Promise<void>): Promise<StudyRow> =>
    db.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<{ status: StudyStatus }[]>`
        SELECT status::text AS status FROM studies WHERE id = ${id} FOR UPDATE`;
      if (!current) throw new NotFoundError("study", id);
      if (current.status !== from) throw new ConflictError(`study ${id} is ${current.status}, not ${from}`);
      await change(tx);
      const [row] = await tx.$queryRawUnsafe<StudyRecordRow[]>(
        `SELECT ${STUDY_COLUMNS} FROM studies WHERE id = $1`,
        id,
      );
      if (!row) throw new NotFoundError("study", id);
      return toStudyRow(row);
    });

  /**
   * The study of an Idempotency-Key: created with its submission record in one transaction, under a
   * lock on the key, so two requests racing with the same key make one study.
   */
  const createOnce = (
    spec: StudySpec,
    directions: string[],
    projectId: number,
    { key, bodyHash }: { key: string; bodyHash: string },
  ): Promise<StudyRow> =>
    db
      .$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${projectId} ${key}`}))`;
        const [earlier] = await tx.$queryRaw<{ studyId: number; bodyHash: string }[]>`
          SELECT study_id AS "studyId", body_hash AS "bodyHash" FROM study_submissions
          WHERE project_id = ${projectId} AND key = ${key}`;
        if (earlier) {
          if (earlier.bodyHash !== bodyHash) throw new IdempotencyConflictError(key);
          return earlier.studyId;
        }
        const [created] = await tx.$queryRaw<{ id: number }[]>`
          INSERT INTO studies (project_id, name, spec, directions, created_at, updated_at)
          VALUES (${projectId}, ${spec.name}, ${JSON.stringify(spec)}::jsonb, ${directions}::text[], now(), now())
          RETURNING id`;
        if (!created) throw new Error("the study insert returned no row");
        await tx.$executeRaw`
          INSERT INTO study_submissions (project_id, key, body_hash, study_id)
          VALUES (${projectId}, ${key}, ${bodyHash}, ${created.id})`;
        return created.id;
      })
      .catch((error: unknown) => {
        // P2010 wraps the raw query's foreign-key error (23503): the project does not exist.
        if (/23503|foreign key/i.test(String((error as Error).message))) throw new NotFoundError("project", projectId);
        throw error;
      })
      .then(study);

  return {
    async createStudy(spec, options = {}) {
      const directions = objectivesOf(spec).map((o) => o.direction);
      const projectId = options.projectId ?? DEFAULT_PROJECT_ID;
      if (options.idempotency) return createOnce(spec, directions, projectId, options.idempotency);
      const [row] = await sql
        .query<StudyRecordRow>(
          "studies_create",
          `INSERT INTO studies (project_id, name, spec, directions, created_at, updated_at)
          VALUES ($4::int, $1::text, $2::jsonb, $3::text[], now(), now()) RETURNING ${STUDY_COLUMNS}`,
          [spec.name, JSON.stringify(spec), directions, projectId],
        )
        .catch((error: unknown) => {
          // 23503: the project (the foreign key) does not exist.
          throw (error as { code?: string }).code === "23503" ? new NotFoundError("project", projectId) : error;
        });
      if (!row) throw new Error("the study insert returned no row");
      return toStudyRow(row);
    },

    study,

    async studies(options) {
      const rows = await sql.query<StudyRecordRow>(
        "studies_list",
        `SELECT ${STUDY_COLUMNS} FROM studies
        WHERE ($1::text IS NULL OR status::text = $1::text) AND ($2::int IS NULL OR id < $2::int)
          AND ($4::text IS NULL OR strpos(lower(name), lower($4::text)) > 0)
          AND ($5::int IS NULL OR project_id = $5::int)
        ORDER BY id DESC LIMIT $3::int`,
        [
          options.status ?? null,
          options.before ?? null,
          options.limit,
          options.name ?? null,
          options.projectId ?? null,
        ],
      );
      return rows.map(toStudyRow);
    },

    async runningStudies() {
      const rows = await sql.query<StudyRecordRow>(
        "studies_running",
        `SELECT ${STUDY_COLUMNS} FROM studies WHERE status = 'RUNNING' ORDER BY id`,
        [],
      );
      return rows.map(toStudyRow);
    },

    async studySummary(id) {
      const row = await study(id);
      const order = row.directions[0] === "maximize" ? "DESC" : "ASC";
      const [grouped, best] = await Promise.all([
        sql.query<{ state: keyof TrialCounts; n: number }>(
          "trials_count_by_state",
          `SELECT state::text AS state, count(*)::int AS n FROM trials WHERE study_id = $1::int GROUP BY state`,
          [id],
        ),
        sql.query<TrialRecordRow>(
          `trials_best_${order}`,
          `SELECT ${TRIAL_COLUMNS} FROM trials WHERE study_id = $1::int AND state = 'COMPLETE' AND value IS NOT NULL
          ORDER BY value ${order}, number ASC LIMIT 1`,
          [id],
        ),
      ]);
      const counts: TrialCounts = { WAITING: 0, RUNNING: 0, COMPLETE: 0, PRUNED: 0, FAILED: 0 };
      for (const g of grouped) counts[g.state] = g.n;
      return { study: row, counts, bestTrial: best[0] ? toTrialRow(best[0]) : null };
    },

    // Stop and resume are one transition each way, with the trials the stop kept from starting.
    stopStudy: (id) =>
      transition(id, "RUNNING", async (tx) => {
        await tx.$executeRaw`
          UPDATE studies SET status = 'STOPPED', completed_at = now(), updated_at = now() WHERE id = ${id}`;
        await tx.$executeRaw`
          UPDATE trials SET state = 'FAILED', error = ${STOPPED_BEFORE_START}, finished_at = now()
          WHERE study_id = ${id} AND state = 'WAITING'`;
      }),

    resumeStudy: (id) =>
      transition(id, "STOPPED", async (tx) => {
        await tx.$executeRaw`
          UPDATE studies SET status = 'RUNNING', completed_at = NULL, updated_at = now() WHERE id = ${id}`;
        await tx.$executeRaw`
          UPDATE trials SET state = 'WAITING', error = NULL, finished_at = NULL
          WHERE study_id = ${id} AND state = 'FAILED' AND error = ${STOPPED_BEFORE_START}`;
      }),

    // One statement: the budget and, for a COMPLETED study given room for more trials, its status.
    async setMaxTrials(id, maxTrials) {
      const [row] = await sql.query<StudyRecordRow>(
        "studies_set_max_trials",
        `UPDATE studies SET spec = jsonb_set(spec, '{strategy,maxTrials}', to_jsonb($2::int)), updated_at = now(),
          status = CASE WHEN status = 'COMPLETED' AND next_trial_number < $2::int THEN 'RUNNING' ELSE status END,
          completed_at = CASE WHEN status = 'COMPLETED' AND next_trial_number < $2::int THEN NULL ELSE completed_at END
        WHERE id = $1::int AND status <> 'FAILED' AND next_trial_number <= $2::int
        RETURNING ${STUDY_COLUMNS}`,
        [id, maxTrials],
      );
      if (row) return toStudyRow(row);
      const current = await study(id);
      throw new ConflictError(
        current.status === "FAILED"
          ? `study ${id} is FAILED`
          : `study ${id} has ${current.trialCount} trials: its budget cannot be ${maxTrials}`,
      );
    },

    async finishStudy(id, status, error) {
      const [updated] = await db.$transaction([
        db.$executeRaw`
          UPDATE studies SET status = ${status}::"StudyStatus", completed_at = now(), updated_at = now(),
            error = COALESCE(${error ?? null}::text, error)
          WHERE id = ${id} AND status = 'RUNNING'`,
        db.$executeRaw`
          UPDATE trials SET state = 'FAILED', error = ${FAILED_BEFORE_START}, finished_at = now()
          WHERE study_id = ${id} AND state = 'WAITING'
            AND EXISTS (SELECT 1 FROM studies WHERE id = ${id} AND status = 'FAILED')`,
      ]);
      return updated === 1;
    },
  };
}
