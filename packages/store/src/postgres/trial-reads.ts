import type { Direction } from "@rectune/search";
import { Batcher } from "../batcher.js";
import { NotFoundError } from "../contract/errors.js";
import type { TrialRow } from "../contract/rows.js";
import type { StudyReads } from "../contract/study-reads.js";
import type { Database } from "./database.js";
import { toTrialRow, TRIAL_COLUMNS, type TrialRecordRow } from "./row-mapping.js";

interface LeaderboardRequest {
  readonly studyId: number;
  readonly direction: Direction;
  readonly limit: number;
}

/**
 * The leaderboard's statement ($1 study, $2 limit): an ordered scan of the partial index
 * trials_leaderboard_asc_idx / _desc_idx (see its migration), k entries whatever the study's size.
 */
export function leaderboardStatement(direction: Direction): { name: string; text: string } {
  const order = direction === "maximize" ? "DESC" : "ASC";
  return {
    name: `trials_leaderboard_${order}`,
    text: `SELECT ${TRIAL_COLUMNS} FROM trials
      WHERE study_id = $1::int AND state = 'COMPLETE' AND value IS NOT NULL
      ORDER BY value ${order}, number ASC LIMIT $2::int`,
  };
}

/** The API's reads of trials: pages, one trial, the leaderboard. */
export function postgresTrialReads({ db, sql }: Database): Pick<StudyReads, "trialPage" | "trial" | "leaderboard"> {
  /**
   * Leaderboard requests that arrive while one is being answered wait for it and then share one
   * statement per distinct request, so a burst of readers costs a few queries; every answer is still
   * read after its request arrived.
   */
  const leaderboards = new Batcher(async (requests: readonly LeaderboardRequest[]): Promise<TrialRow[][]> => {
    const keyOf = (r: LeaderboardRequest) => `${r.studyId}:${r.direction}:${r.limit}`;
    const distinct = new Map(requests.map((r) => [keyOf(r), r]));
    const answers = new Map(
      await Promise.all(
        [...distinct].map(async ([key, r]) => {
          const { name, text } = leaderboardStatement(r.direction);
          const rows = await sql.query<TrialRecordRow>(name, text, [r.studyId, r.limit]);
          return [key, rows.map(toTrialRow)] as const;
        }),
      ),
    );
    return requests.map((r) => answers.get(keyOf(r)) ?? []);
  });

  return {
    async trialPage(studyId, options) {
      const where = { studyId, ...(options.state ? { state: options.state } : {}) };
      const [total, rows] = await Promise.all([
        db.trial.count({ where }),
        db.trial.findMany({ where, orderBy: { number: "asc" }, skip: options.offset, take: options.limit }),
      ]);
      return { total, trials: rows.map(toTrialRow) };
    },

    async trial(studyId, number) {
      const row = await db.trial.findUnique({ where: { studyId_number: { studyId, number } } });
      if (!row) throw new NotFoundError("trial", number);
      return toTrialRow(row);
    },

    leaderboard: (studyId, direction, limit) => leaderboards.submit({ studyId, direction, limit }),
  };
}
