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

/**
 * The authentication middleware for every /v1 route: `Authorization: Bearer <key>`, 401 problem+json
 * (with `WWW-Authenticate`) for a missing, unknown, wrong or revoked key, 403 for a key without the
 * scope the method needs. The caller is then `principalOf(res)`. Put new /v1 routes behind it.
 */
export function apiKeyAuth(
  /** The key check (`createAuthenticator` of @rectune/access over the store). */
  authenticate: (authorization: string | undefined) => Promise<Principal>,
  mode: AuthMode,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (mode === "off") {
      res.locals.principal = NOBODY_CHECKED;
      next();
      return;
    }
    authenticate(req.headers.authorization).then((principal) => {
      const needed = scopeFor(req.method, req.path);
      if (!scopeAllows(principal.scopes, needed)) {
        next(
          new HttpProblem(
            403,
            "forbidden",
            "Forbidden",
            `the API key ${principal.prefix} has scope ${principal.scopes.join(", ")}; ${req.method} needs ${needed}`,
          ),
        );
        return;
      }
      res.locals.principal = principal;
      next();
    }, next);
  };
}
