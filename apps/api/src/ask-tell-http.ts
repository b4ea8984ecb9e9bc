import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { AskTell } from "@rectune/ask-tell";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import type { CallerCheck } from "./access/api-key-auth.js";
import type { StudyAccess } from "./access/study-scope.js";
import { COMPRESS_FROM, compress } from "./compress.js";
import { answerAskTell, ASK_TELL_ENDPOINTS, type AskTellEndpoint, type JsonAnswer } from "./ask-tell-endpoints.js";
import { templatePattern } from "./params.js";
import { PROBLEM_TYPE, problemAnswer } from "./problem.js";
import { hasBody, jsonBody, refuseUnstorable } from "./request-guards.js";
import { logRequest } from "./request-log.js";
import { type EtagOf, writeJson } from "./write-json.js";

/** Each endpoint's path exactly as clients send it: a decimal id, no query, no trailing slash. */
const ROUTES: readonly [RegExp, AskTellEndpoint][] = ASK_TELL_ENDPOINTS.map((endpoint) => [
  new RegExp(`^${templatePattern(endpoint.route.path, "([0-9]+)")}$`),
  endpoint,
]);

/** `application/json`, alone or with the UTF-8 charset: what clients send (anything else goes to Express). */
const JSON_TYPE = /^application\/json(?:;\s*charset="?utf-8"?)?$/i;

/**
 * Express's compression middleware names Accept-Encoding in Vary on every JSON answer, compressed or
 * not (ask/tell answers are far below its threshold): the fast path's answers say the same.
 */
const VARY = { Vary: "Accept-Encoding" };

export interface AskTellFastPathDeps {
  /** The process's one AskTell: the trials it handed out and its per-study order are shared with Express's routes. */
  readonly asks: AskTell;
  readonly access: StudyAccess;
  /** The key check of every /v1 request (the same as Express's). */
  readonly check: CallerCheck;
  readonly logger: Logger;
  /** Express's ETag of a body (its app's `etag fn`). */
  readonly etagOf: EtagOf;
}

/** The parsed JSON body (undefined when none), by the same parser as Express's (1 MB, 413 above). */
function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  return new Promise((resolve, reject) =>
    jsonBody(req, res, (error?: Error) => (error ? reject(error) : resolve((req as { body?: unknown }).body))),
  );
}

/**
 * The ask/tell routes ahead of Express (ask, enqueue, report, heartbeat, tell: a training client's every
 * request), without routing through the app's routers and middleware: the same steps in the same
 * order, by the same functions (body parser, text guard, key check, project check, endpoint, problem
 * answer), so every answer is Express's, byte for byte (ask-tell-http.test.ts checks it). Returns false,
 * reading nothing, for any other request, and for ask/tell requests in a form Express would route
 * differently (a query, a trailing slash, an escaped or upper-case path, a body that is not JSON).
 */
export function askTellFastPath({ asks, access, check, logger, etagOf }: AskTellFastPathDeps) {
  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    endpoint: AskTellEndpoint,
    id: string,
  ) => {
    const body = await readJson(req, res);
    refuseUnstorable(url, {}, body);
    // The key's scope is checked as Express's middleware does, on the path under /v1.
    const principal = await check("POST", url.slice("/v1".length), req.headers.authorization);
    return answerAskTell(asks, endpoint, id, body, {
      ip: req.socket.remoteAddress,
      mayUse: (studyId) => access.check(principal, studyId),
    });
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== "POST" || url === undefined || !url.startsWith("/v1/")) return false;
    let hit: [AskTellEndpoint, string] | undefined;
    for (const [pattern, endpoint] of ROUTES) {
      const match = pattern.exec(url);
      if (match) {
        hit = [endpoint, match[1]!];
        break;
      }
    }
    if (!hit || !plainBody(req.headers)) return false;
    logRequest(logger, req);
    const reply = (status: number, body: unknown, headers: OutgoingHttpHeaders, type?: string): void => {
      const text = JSON.stringify(body);
      const write = () => writeJson(res, status, text, etagOf, { ...headers, ...VARY }, type);
      // A large answer (a problem listing many fields) is gzipped as Express would, by the same middleware.
      if (Buffer.byteLength(text) < COMPRESS_FROM) write();
      else compress(req as Request, res as Response, write);
    };
    serve(req, res, url, ...hit)
      .then(
        (answer: JsonAnswer) =>
          reply(answer.status, answer.body, answer.location === undefined ? {} : { Location: answer.location }),
        (error: unknown) => {
          const problem = problemAnswer(error, url, logger);
          reply(problem.status, problem.body, problem.headers, PROBLEM_TYPE);
        },
      )
      // Writing the answer itself failed (the socket went away, headers already sent): Express would catch
      // it; here an unhandled rejection would end the API process for every client.
      .catch((error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error), url }, "ask/tell answer failed");
        res.destroy();
      });
    return true;
  };
}

/** A JSON body, or none at all (an ask may leave it out). */
function plainBody(headers: IncomingHttpHeaders): boolean {
  const type = headers["content-type"];
  return type === undefined ? !hasBody(headers) : JSON_TYPE.test(type);
}
