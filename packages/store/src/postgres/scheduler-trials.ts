import type { Params, TrialState } from "@rectune/search";
import { ConflictError, NotFoundError } from "../contract/errors.js";
import type { ReapedTrial, UnfinishedTrial } from "../contract/rows.js";
import type { StudyLedger } from "../contract/study-ledger.js";
import type { Database } from "./database.js";
import { json, valuesOrNull } from "./row-mapping.js";
import { type ClaimedRow, toClaimed } from "./trial-lease.js";

type SchedulerTrialMethods = Pick<
  StudyLedger,
  "createTrials" | "createClaimedTrial" | "changedTrials" | "unfinishedTrials" | "reapStaleTrials" | "failedTrialErrors"
>;

/** The scheduler's statements on trials: create the next ones, follow those in flight, retry lost ones. */
export function postgresSchedulerTrials({ db, sql }: Database): SchedulerTrialMethods {
  return {
    // The study's counter is bumped in the same statement as the insert, so concurrent callers get
    // distinct, gap-free numbers and a failed insert consumes none; the budget is checked on the row the
    // update locks, so a concurrent creation (an ask elsewhere) is counted.
    async createTrials(studyId, proposals, { withinBudget = false } = {}) {
      if (proposals.length === 0) return [];
      const payload = json(proposals.map((p) => ({ params: p.params, strategy: p.strategy ?? null })));
      const rows = await sql.query<{ id: number; number: number; params: Params; attempt: number }>(
        "trials_create",
        `WITH alloc AS (
          UPDATE studies SET next_trial_number = next_trial_number + $2::int, updated_at = now()
          WHERE id = $1::int AND status = 'RUNNING'
            AND (NOT $4::boolean OR next_trial_number + $2::int <= (spec->'strategy'->>'maxTrials')::int)
          RETURNING next_trial_number - $2::int AS first
        )
        INSERT INTO trials (study_id, number, params, strategy, state, "values", attempt, created_at)
        SELECT $1::int, alloc.first + p.ord::int - 1, p.item->'params', p.item->'strategy', 'WAITING', '{}', 0, now()
        FROM alloc, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS p(item, ord)
        RETURNING id, number, params, attempt`,
        [studyId, proposals.length, payload, withinBudget],
      );
      if (rows.length === 0) {
        const study = await db.study.findUnique({ where: { id: studyId }, select: { status: true } });
        if (!study) throw new NotFoundError("study", studyId);
        // Running: the budget refused them.
        if (withinBudget && study.status === "RUNNING") return [];
        throw new ConflictError(`study ${studyId} is ${study.status}: it takes no new trials`);
      }
      return rows.sort((a, b) => a.number - b.number);
    },

    // One statement: the number, the budget check and the claim; a trial no one holds is never committed.
    async createClaimedTrial(studyId, number, proposal, workerId) {
      const rows = await sql.query<ClaimedRow>(
        "trials_create_claimed",
        `WITH alloc AS (
          UPDATE studies SET next_trial_number = next_trial_number + 1, updated_at = now()
          WHERE id = $1::int AND status = 'RUNNING' AND next_trial_number = $5::int
            AND next_trial_number < (spec->'strategy'->>'maxTrials')::int
          RETURNING next_trial_number - 1 AS number, spec
        ), created AS (
          INSERT INTO trials (study_id, number, params, strategy, state, "values", attempt, worker_id,
            started_at, heartbeat_at, created_at)
          SELECT $1::int, alloc.number, $2::jsonb, $3::jsonb, 'RUNNING', '{}', 1, $4::text, now(), now(), now()
          FROM alloc
          RETURNING id, study_id, number, params, attempt, last_step, strategy
        )
        SELECT created.*, alloc.spec FROM created, alloc`,
        [studyId, json(proposal.params), json(proposal.strategy ?? null), workerId, number],
      );
      if (rows[0]) return toClaimed(rows[0]);
      const study = await db.study.findUnique({ where: { id: studyId }, select: { status: true } });
      if (!study) throw new NotFoundError("study", studyId);
      if (study.status !== "RUNNING")
        throw new ConflictError(`study ${studyId} is ${study.status}: it takes no new trials`);
      return null;
    },

    // One indexed query bounded by the study's parallelism; unchanged trials cost no rows.
    async changedTrials(known) {
      if (known.waiting.length === 0 && known.running.length === 0) return [];
      const rows = await sql.query<{ id: number; state: TrialState; values: number[] | null }>(
        "trials_changes",
        `SELECT id, state::text AS state, "values" FROM trials
        WHERE (id = ANY($1::int[]) AND state <> 'WAITING') OR (id = ANY($2::int[]) AND state <> 'RUNNING')`,
        [known.waiting, known.running],
      );
      return rows.map((r) => ({ id: r.id, state: r.state, values: valuesOrNull(r.values) }));
    },

    async failedTrialErrors(studyId, numbers) {
      if (numbers.length === 0) return new Map();
      const rows = await db.trial.findMany({
        where: { studyId, number: { in: [...numbers] }, state: "FAILED" },
        select: { number: true, error: true },
      });
      return new Map(rows.map((r) => [r.number, r.error]));
    },

    async unfinishedTrials(studyId) {
      const rows = await db.trial.findMany({
        where: { studyId, state: { in: ["WAITING", "RUNNING"] } },
        select: { id: true, number: true, state: true, attempt: true },
        orderBy: { number: "asc" },
      });
      return rows as UnfinishedTrial[];
    },

    // The clock is the database's: heartbeats are written with its now(), so no process's clock matters.
    async reapStaleTrials(staleAfterMs) {
      return db.$queryRaw<ReapedTrial[]>`
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
    },
  };
}
