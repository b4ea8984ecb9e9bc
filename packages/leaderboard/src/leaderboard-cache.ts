import { createHash } from "node:crypto";
import { type Direction, rankByDominance } from "@rectune/search";
import { objectivesOf } from "@rectune/spec";
import { Batcher, type LeaderboardWatcher, type StudyReads, type TrialRow } from "@rectune/store";

/** One leaderboard answer, serialized once and shared by every request of its round. */
/** Complete trials a multi-objective leaderboard ranks (non-dominated sorting is quadratic in them). */
const MAX_RANKED = 5_000;

export interface LeaderboardAnswer {
  readonly body: Buffer;
  readonly etag: string;
  /** The 200's and the 304's headers as flat [name, value, ...] lists, built once per round, not per request. */
  readonly headers: readonly string[];
  readonly notModifiedHeaders: readonly string[];
}

/** A study's best trials, for `render`. */
export interface Leaderboard {
  readonly studyId: number;
  readonly metric: string | undefined;
  readonly direction: Direction;
  readonly trials: readonly TrialRow[];
}

export interface LeaderboardCacheOptions {
  readonly reads: Pick<StudyReads, "study" | "leaderboard" | "watchLeaderboards">;
  /** The JSON document of an answer (the API's shape of a leaderboard). */
  readonly render: (board: Leaderboard) => unknown;
  /** Memory for kept answers, all studies together: beyond it the studies kept longest are dropped first. */
  readonly keptBytes?: number;
}

interface Request {
  readonly studyId: number;
  readonly limit: number;
}

/**
 * Answers leaderboard reads. While the store delivers leaderboard changes (StudyReads.watchLeaderboards;
 * for PostgreSQL, LISTEN on the trials table's notifications), an answer is kept in memory and served
 * again, without a read or a promise, until a change of its study arrives: an idle study's board is read
 * once, however many dashboards poll it. A kept answer can lag a commit by the time the change takes to
 * arrive; a caller that must see its own write asks for a fresh answer.
 *
 * Reads that are not kept go in rounds: requests that arrive while a round is in flight wait for it and
 * then share the next one, which reads the study's best trials once per distinct (study, limit) and
 * serializes the JSON once. So such an answer is read after its request arrived (a result recorded
 * before the request is in it), and 200 concurrent readers cost one read and one JSON.stringify per
 * round instead of one each. A study's objective never changes, so it is read once per process.
 */
export class LeaderboardCache implements LeaderboardWatcher {
  private readonly rounds = new Batcher(this.round.bind(this));
  private readonly objectives = new Map<
    number,
    { metric: string | undefined; direction: Direction; directions: readonly Direction[] }
  >();
  /** Kept answers by study, then limit; a Map keeps insertion order, which is the eviction order. */
  private readonly kept = new Map<number, Map<number, LeaderboardAnswer>>();
  private keptBytes = 0;
  /** Reads in flight per study and the changes seen meanwhile: a read that overlapped a change is not kept. */
  private readonly reading = new Map<number, { reads: number; changes: number }>();
  private live = false;
  private readonly maxKeptBytes: number;
  private readonly unwatch: () => void;

  constructor(private readonly options: LeaderboardCacheOptions) {
    this.maxKeptBytes = options.keptBytes ?? 64 * 1024 * 1024;
    this.unwatch = options.reads.watchLeaderboards(this);
  }

  changed(studyId: number): void {
    this.forget(studyId);
    const flight = this.reading.get(studyId);
    if (flight) flight.changes++;
  }

  listening(on: boolean): void {
    this.live = on;
    // Changes may have gone unannounced around a drop: nothing read before, or during, can be trusted.
    this.kept.clear();
    this.keptBytes = 0;
    for (const flight of this.reading.values()) flight.changes++;
  }

  /** The kept answer, if any: a synchronous hit. */
  keptAnswer(studyId: number, limit: number): LeaderboardAnswer | undefined {
    return this.kept.get(studyId)?.get(limit);
  }

  /** `fresh`: skip kept answers and read after this call (the client asked for no-cache). */
  async answer(studyId: number, limit: number, fresh = false): Promise<LeaderboardAnswer> {
    const kept = fresh ? undefined : this.keptAnswer(studyId, limit);
    if (kept) return kept;
    const outcome = await this.rounds.submit({ studyId, limit });
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  }

  /** Stops watching the store's changes (nothing is kept afterwards). */
  close(): void {
    this.unwatch();
    this.listening(false);
  }

  /** Each item gets its own outcome: one study's error (unknown id) does not fail the others. */
  private async round(requests: readonly Request[]): Promise<PromiseSettledResult<LeaderboardAnswer>[]> {
    const keyOf = (r: Request) => `${r.studyId}:${r.limit}`;
    const distinct = new Map(requests.map((r) => [keyOf(r), r]));
    const answers = new Map<string, PromiseSettledResult<LeaderboardAnswer>>();
    await Promise.all(
      [...distinct].map(async ([key, r]) => {
        answers.set(
          key,
          await this.read(r).then(
            (value) => ({ status: "fulfilled", value }) as const,
            (reason: unknown) => ({ status: "rejected", reason }) as const,
          ),
        );
      }),
    );
    return requests.map((r) => answers.get(keyOf(r)) as PromiseSettledResult<LeaderboardAnswer>);
  }

  private forget(studyId: number): void {
    const answers = this.kept.get(studyId);
    if (!answers) return;
    for (const answer of answers.values()) this.keptBytes -= answer.body.length;
    this.kept.delete(studyId);
  }

  private keep(studyId: number, limit: number, answer: LeaderboardAnswer): void {
    const answers = this.kept.get(studyId) ?? new Map<number, LeaderboardAnswer>();
    this.keptBytes += answer.body.length - (answers.get(limit)?.body.length ?? 0);
    answers.set(limit, answer);
    this.kept.set(studyId, answers);
    for (const oldest of this.kept.keys()) {
      if (this.keptBytes <= this.maxKeptBytes || oldest === studyId) break;
      this.forget(oldest);
    }
  }

  private async objectiveOf(
    studyId: number,
  ): Promise<{ metric: string | undefined; direction: Direction; directions: readonly Direction[] }> {
    let objective = this.objectives.get(studyId);
    if (!objective) {
      const objectives = objectivesOf((await this.options.reads.study(studyId)).spec);
      const first = objectives[0];
      objective = {
        metric: first?.metric,
        direction: first?.direction ?? "minimize",
        directions: objectives.map((o) => o.direction),
      };
      this.objectives.set(studyId, objective);
    }
    return objective;
  }

  private async read({ studyId, limit }: Request): Promise<LeaderboardAnswer> {
    const flight = this.reading.get(studyId) ?? { reads: 0, changes: 0 };
    this.reading.set(studyId, flight);
    flight.reads++;
    // Counted before the read is sent: a change it may have missed arrives after this point.
    const changesBefore = flight.changes;
    try {
      const answer = await this.readNow(studyId, limit);
      if (this.live && flight.changes === changesBefore) this.keep(studyId, limit, answer);
      return answer;
    } finally {
      if (--flight.reads === 0) this.reading.delete(studyId);
    }
  }

  /**
   * Several objectives: no one value orders the trials, so they are ranked as NSGA-II ranks them — by
   * non-dominated front, then by crowding distance within a front (its spread's ends first) — over every
   * complete trial (at most MAX_RANKED, best by the first objective).
   */
  private async byDominance(studyId: number, directions: readonly Direction[], limit: number): Promise<TrialRow[]> {
    const complete = (await this.options.reads.leaderboard(studyId, directions[0]!, MAX_RANKED)).filter(
      (t) => t.values?.length === directions.length,
    );
    const minimized = complete.map((t) => t.values!.map((v, k) => (directions[k] === "maximize" ? -v : v)));
    return rankByDominance(minimized)
      .slice(0, limit)
      .map((i) => complete[i]!);
  }

  private async readNow(studyId: number, limit: number): Promise<LeaderboardAnswer> {
    const { metric, direction, directions } = await this.objectiveOf(studyId);
    const trials =
      directions.length > 1
        ? await this.byDominance(studyId, directions, limit)
        : await this.options.reads.leaderboard(studyId, direction, limit);
    const body = Buffer.from(JSON.stringify(this.options.render({ studyId, metric, direction, trials })));
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    // Clients may keep an answer but must revalidate it: a running study's leaderboard changes any time.
    const notModifiedHeaders = ["etag", etag, "cache-control", "no-cache"];
    const headers = [
      ...notModifiedHeaders,
      "content-type",
      "application/json; charset=utf-8",
      "content-length",
      String(body.length),
    ];
    return { body, etag, headers, notModifiedHeaders };
  }
}
