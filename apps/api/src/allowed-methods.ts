import type { NextFunction, Request, Response } from "express";
import { HttpProblem } from "./problem.js";

/**
 * Every API path and the methods it answers. A path of this table asked with another method is 405
 * with `Allow` (not 404: the resource is there). Add a route here when you add it to the app.
 */
const ROUTES: readonly [RegExp, readonly string[]][] = [
  [/^\/v1\/studies\/?$/, ["GET", "POST"]],
  [/^\/v1\/studies\/[^/]+\/?$/, ["GET"]],
  [/^\/v1\/studies\/[^/]+\/(?:trials|leaderboard|strategy|table|importance|curves)\/?$/, ["GET"]],
  [/^\/v1\/studies\/[^/]+\/trials\/[^/]+\/?$/, ["GET"]],
  [/^\/v1\/studies\/[^/]+\/(?:stop|resume)\/?$/, ["POST"]],
  [/^\/v1\/(?:workers|events)\/?$/, ["GET"]],
  [/^\/(?:healthz|readyz)$/, ["GET"]],
];

/** 405 with `Allow` for a known path asked with a method it does not answer (HEAD counts as GET). */
export function refuseOtherMethods(req: Request, res: Response, next: NextFunction): void {
  const allowed = ROUTES.find(([pattern]) => pattern.test(req.path))?.[1];
  const method = req.method === "HEAD" ? "GET" : req.method;
  if (allowed && !allowed.includes(method)) {
    res.setHeader("Allow", allowed.join(", "));
    throw new HttpProblem(
      405,
      "method-not-allowed",
      "Method not allowed",
      `${req.path} answers ${allowed.join(", ")}, not ${req.method}`,
    );
  }
  next();
}
