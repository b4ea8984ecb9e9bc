import { apiRoutes, type RouteSpec } from "@rectune/api-contract";
import type { NextFunction, Request, Response } from "express";
import { templatePattern } from "./params.js";
import { HttpProblem } from "./problem.js";

/**
 * Every API path and the methods it answers, from the route table the OpenAPI document is made of (the
 * OpenAPI test checks that Express serves exactly those). A path of this table asked with another method
 * is 405 with `Allow` (not 404: the resource is there).
 */
const ROUTES: readonly [RegExp, readonly string[]][] = (() => {
  const byPath = new Map<string, string[]>();
  for (const route of Object.values(apiRoutes as Record<string, RouteSpec>))
    byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method.toUpperCase()]);
  return [...byPath].map(([path, methods]): [RegExp, string[]] => {
    const pattern = templatePattern(path, "[^/]+");
    const order = ["GET", "POST", "PATCH"];
    return [new RegExp(`^${pattern}/?$`), methods.sort((a, b) => order.indexOf(a) - order.indexOf(b))];
  });
})();

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
