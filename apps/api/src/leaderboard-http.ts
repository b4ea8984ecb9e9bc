import { DEFAULT_LEADERBOARD_LIMIT, MAX_LEADERBOARD_LIMIT } from "@rectune/api-contract";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LeaderboardAnswer, LeaderboardCache } from "@rectune/leaderboard";
import { MAX_ID } from "./params.js";

/** `/v1/studies/<id>/leaderboard` with at most a `limit` query: the requests the fast path answers. */
const FAST_PATH = /^\/v1\/studies\/([1-9]\d{0,9})\/leaderboard(?:\?limit=([1-9]\d{0,3}))?$/;

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
  cache: LeaderboardCache,
  fallback: (req: IncomingMessage, res: ServerResponse) => void,
  /**
   * Whether the caller may read this study's leaderboard (its key, its project); when it says no (or
   * fails), Express answers, with the 401 or 404 its middleware gives. Absent: everyone may.
   */
  admit?: (req: IncomingMessage, studyId: number) => Promise<boolean>,
) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET" || req.url === undefined) return false;
    const match = FAST_PATH.exec(req.url);
    if (!match) return false;
    const studyId = Number(match[1]);
    const limit = match[2] === undefined ? DEFAULT_LEADERBOARD_LIMIT : Number(match[2]);
    if (!Number.isSafeInteger(studyId) || studyId > MAX_ID || limit > MAX_LEADERBOARD_LIMIT) return false;
    const serve = (): void => {
      const fresh = wantsFresh(req);
      const kept = fresh ? undefined : cache.keptAnswer(studyId, limit);
      if (kept) {
        sendLeaderboard(req, res, kept);
        return;
      }
      cache.answer(studyId, limit, fresh).then(
        (answer) => sendLeaderboard(req, res, answer),
        // Errors (an unknown study) are Express's to answer: it asks the cache again and maps the error.
        () => fallback(req, res),
      );
    };
    if (!admit) serve();
    else
      admit(req, studyId).then(
        (ok) => (ok ? serve() : fallback(req, res)),
        () => fallback(req, res),
      );
    return true;
  };
}
