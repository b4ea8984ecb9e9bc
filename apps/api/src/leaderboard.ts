import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { objectivesOf } from "@rectune/spec";
import { Batcher, type LeaderboardWatcher, type Store } from "@rectune/store";
import { trialJson } from "./serialize.js";

/** One leaderboard answer, serialized once and shared by every request of its round. */
export interface LeaderboardAnswer {
  readonly body: Buffer;
  readonly etag: string;
  /** The 200's and the 304's headers as flat [name, value, ...] lists, built once per round, not per request. */
  readonly headers: readonly string[];
  readonly notModifiedHeaders: readonly string[];
}

interface Request {
  readonly studyId: number;
  readonly limit: number;
}

/** `/v1/studies/<id>/leaderboard` with at most a `limit` query: the requests the fast path answers. */
const FAST_PATH = /^\/v1\/studies\/([1-9]\d{0,9})\/leaderboard(?:\?limit=([1-9]\d{0,3}))?$/;

export const DEFAULT_LEADERBOARD_LIMIT = 10;
export const MAX_LEADERBOARD_LIMIT = 1000;

/** Memory for kept answers, all studies together: beyond it the studies kept longest are dropped first. */
const KEPT_BYTES = 64 * 1024 * 1024;

/**
 * Answers leaderboard reads. While the store's leaderboard feed is live (LISTEN on the trials table's
 * change notifications), an answer is kept in memory and served again, without a query or a promise,
 * until a change of its study arrives: an idle study's board is read from PostgreSQL once, however many
 * dashboards poll it. A kept answer can lag a commit by the time the notification takes to reach
 * the API over its open connection; a client that must see its own write sends `Cache-Control: no-cache`.
 *
 * Reads that are not kept go in rounds: requests that arrive while a round is in flight wait for it and
 * then share the next one, which reads the study's best trials once per distinct (study, limit) and
 * serializes the JSON once. So such an answer is read after its request arrived (a result recorded
 * before the request is in it), and 200 concurrent readers cost one query and one JSON.stringify per
 * round instead of one each. A study's objective never changes, so it is read once per process.
 */
export class LeaderboardResponder implements LeaderboardWatcher {
  private readonly rounds = new Batcher(this.round.bind(this));
  private readonly objectives = new Map<number, { metric: string | undefined; direction: "minimize" | "maximize" }>();
  /** Kept answers by study, then limit; a Map keeps insertion order, which is the eviction order. */
  private readonly kept = new Map<number, Map<number, LeaderboardAnswer>>();
  private keptBytes = 0;
  /** Reads in flight per study and the changes seen meanwhile: a read that overlapped a change is not kept. */
  private readonly reading = new Map<number, { reads: number; changes: number }>();
  private live = false;

  constructor(private readonly store: Store) {
    store.leaderboardFeed?.watch(this);
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

  /** The kept answer, if any: the fast path's synchronous hit. */
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
      if (this.keptBytes <= KEPT_BYTES || oldest === studyId) break;
      this.forget(oldest);
    }
  }

  private async objectiveOf(
    studyId: number,
  ): Promise<{ metric: string | undefined; direction: "minimize" | "maximize" }> {
    let objective = this.objectives.get(studyId);
    if (!objective) {
      const study = await this.store.studies.get(studyId);
      const first = objectivesOf(study.spec)[0];
      objective = { metric: first?.metric, direction: first?.direction ?? "minimize" };
      this.objectives.set(studyId, objective);
    }
    return objective;
  }

  private async read({ studyId, limit }: Request): Promise<LeaderboardAnswer> {
    const flight = this.reading.get(studyId) ?? { reads: 0, changes: 0 };
    this.reading.set(studyId, flight);
    flight.reads++;
    // Counted before the query is sent: a change it may have missed arrives after this point.
    const changesBefore = flight.changes;
    try {
      const answer = await this.readNow(studyId, limit);
      if (this.live && flight.changes === changesBefore) this.keep(studyId, limit, answer);
      return answer;
    } finally {
      if (--flight.reads === 0) this.reading.delete(studyId);
    }
  }

  private async readNow(studyId: number, limit: number): Promise<LeaderboardAnswer> {
    const { metric, direction } = await this.objectiveOf(studyId);
    const trials = await this.store.trials.leaderboard(studyId, direction, limit);
    const body = Buffer.from(
      JSON.stringify({
        study: studyId,
        metric,
        direction,
        trials: trials.map((t, i) => ({ rank: i + 1, ...trialJson(t), value: t.values?.[0] ?? null })),
      }),
    );
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

/** Whether the request forbids a kept answer (`Cache-Control: no-cache` or `max-age=0`, RFC 9111 5.2.1). */
export function wantsFresh(req: IncomingMessage): boolean {
  const directives = req.headers["cache-control"];
  return directives !== undefined && /(?:^|,)\s*(?:no-cache|max-age=0)\s*(?:,|$)/i.test(directives);
}

/** Sends an answer, or 304 when the client already holds it (If-None-Match). */
export function sendLeaderboard(req: IncomingMessage, res: ServerResponse, answer: LeaderboardAnswer): void {
  if (req.headers["if-none-match"] === answer.etag) res.writeHead(304, answer.notModifiedHeaders as string[]).end();
  else res.writeHead(200, answer.headers as string[]).end(answer.body);
}

/**
 * The leaderboard's fast path, ahead of Express: a plain GET of a well-formed URL is answered without
 * routing, middleware or per-request validation objects. Returns false for anything else (other routes,
 * other methods, malformed or out-of-range queries), which Express then answers; a failed answer (an
 * unknown study) is handed to `fallback` (Express) too, which maps it to its problem response.
 */
export function leaderboardFastPath(
  responder: LeaderboardResponder,
  fallback: (req: IncomingMessage, res: ServerResponse) => void,
) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" || req.url === undefined) return false;
    const match = FAST_PATH.exec(req.url);
    if (!match) return false;
    const studyId = Number(match[1]);
    const limit = match[2] === undefined ? DEFAULT_LEADERBOARD_LIMIT : Number(match[2]);
    if (!Number.isSafeInteger(studyId) || studyId > 2 ** 31 - 1 || limit > MAX_LEADERBOARD_LIMIT) return false;
    const fresh = wantsFresh(req);
    const kept = fresh ? undefined : responder.keptAnswer(studyId, limit);
    if (kept) {
      sendLeaderboard(req, res, kept);
      return true;
    }
    responder.answer(studyId, limit, fresh).then(
      (answer) => sendLeaderboard(req, res, answer),
      // Errors (an unknown study) are Express's to answer: it asks the responder again and maps the error.
      () => fallback(req, res),
    );
    return true;
  };
}
