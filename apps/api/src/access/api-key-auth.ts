import { type Principal, scopeAllows } from "@rectune/access";
import type { ApiKeyScope } from "@rectune/store";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { HttpProblem } from "../problem.js";

/**
 * How the API admits requests: `keys` checks an API key on every /v1 request; `off` (allowed only on
 * a loopback address, see main.ts) treats every caller as an admin of every project.
 */
export type AuthMode = "keys" | "off";

/** Who is calling when auth is off: everyone, with every right. */
const NOBODY_CHECKED: Principal = { keyId: 0, prefix: "auth-off", projectId: null, scopes: ["admin"] };

/** POSTs that only read: asking a study's champion for recommendations changes nothing. */
const READING_POST = /^\/studies\/[^/]+\/recommendations$/;

/** Reads need `read`; anything that changes something needs `write` (admin includes both). */
const scopeFor = (method: string, path: string): ApiKeyScope =>
  method === "GET" || method === "HEAD" || (method === "POST" && READING_POST.test(path)) ? "read" : "write";

/** The caller of a request that passed `apiKeyAuth`. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error("principalOf: the route is not behind apiKeyAuth");
  return principal;
}

/** The project a caller's lists and new studies are limited to; undefined: every project (an admin key). */
export const projectOf = (res: Response): number | undefined => principalOf(res).projectId ?? undefined;

/** Checks who calls: the principal of a request's `Authorization`, allowed `method` on `path` (under /v1). */
export type CallerCheck = (method: string, path: string, authorization: string | undefined) => Promise<Principal>;

/**
 * The one key check of every /v1 request (Express's middleware and the fast paths): `Bearer <key>`,
 * AuthenticationError (401) for a missing, unknown, wrong or revoked key, 403 for a key without the
 * scope the method needs. With auth off, everyone is an admin.
 */
export function callerCheck(
  /** The key check (`createAuthenticator` of @rectune/access over the store). */
  authenticate: (authorization: string | undefined) => Promise<Principal>,
  mode: AuthMode,
): CallerCheck {
  if (mode === "off") return async () => NOBODY_CHECKED;
  return async (method, path, authorization) => {
    const principal = await authenticate(authorization);
    const needed = scopeFor(method, path);
    if (!scopeAllows(principal.scopes, needed))
      throw new HttpProblem(
        403,
        "forbidden",
        "Forbidden",
        `the API key ${principal.prefix} has scope ${principal.scopes.join(", ")}; ${method} needs ${needed}`,
      );
    return principal;
  };
}

/**
 * The authentication middleware for every /v1 route (`callerCheck`, answered as problem+json, 401 with
 * `WWW-Authenticate`); the caller is then `principalOf(res)`. Put new /v1 routes behind it.
 */
export function apiKeyAuth(check: CallerCheck): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    check(req.method, req.path, req.headers.authorization).then((principal) => {
      res.locals.principal = principal;
      next();
    }, next);
  };
}
