import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { objectivesOf } from "@rectune/spec";
import { Batcher, type Store } from "@rectune/store";
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

/**
 * Answers leaderboard reads in rounds: requests that arrive while a round is in flight wait for it and
 * then share the next one, which reads the study's best trials once per distinct (study, limit) and
 * serializes the JSON once. So every answer is still read after its request arrived (a result recorded
 * before the request is in it), yet 200 concurrent readers cost one query and one JSON.stringify per
 * round instead of one each. A study's objective never changes, so it is read once per process.
 */
export class LeaderboardResponder {
  private readonly rounds = new Batcher(this.round.bind(this));
  private readonly objectives = new Map<number, { metric: string | undefined; direction: "minimize" | "maximize" }>();

  constructor(private readonly store: Store) {}

  async answer(studyId: number, limit: number): Promise<LeaderboardAnswer> {
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
        answers.set(key, await this.read(r).then((value) => ({ status: "fulfilled", value }) as const, (reason: unknown) => ({ status: "rejected", reason }) as const));
      }),
    );
    return requests.map((r) => answers.get(keyOf(r)) as PromiseSettledResult<LeaderboardAnswer>);
  }

  private async objectiveOf(studyId: number): Promise<{ metric: string | undefined; direction: "minimize" | "maximize" }> {
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
    const headers = [...notModifiedHeaders, "content-type", "application/json; charset=utf-8", "content-length", String(body.length)];
    return { body, etag, headers, notModifiedHeaders };
  }
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
export function leaderboardFastPath(responder: LeaderboardResponder, fallback: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" || req.url === undefined) return false;
    const match = FAST_PATH.exec(req.url);
    if (!match) return false;
    const studyId = Number(match[1]);
    const limit = match[2] === undefined ? DEFAULT_LEADERBOARD_LIMIT : Number(match[2]);
    if (!Number.isSafeInteger(studyId) || studyId > 2 ** 31 - 1 || limit > MAX_LEADERBOARD_LIMIT) return false;
    responder.answer(studyId, limit).then(
      (answer) => sendLeaderboard(req, res, answer),
      // Errors (an unknown study) are Express's to answer: it asks the responder again and maps the error.
      () => fallback(req, res),
    );
    return true;
  };
}
