import type { IncomingHttpHeaders } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { HttpProblem } from "./problem.js";

/** Every JSON body's parser (at most 1 MB, else 413), for Express and the ask/tell fast path alike. */
export const jsonBody = express.json({ limit: "1mb" });

/** Whether a request comes with a body: a positive Content-Length, or chunks. */
export const hasBody = (headers: IncomingHttpHeaders): boolean =>
  Number(headers["content-length"] ?? 0) > 0 || headers["transfer-encoding"] !== undefined;

/** The media types a request body may have: JSON, or a study spec as YAML text. */
const BODY_TYPES = ["application/json", "application/yaml", "application/x-yaml", "text/yaml"];

/**
 * 415 for a body of another media type (or none named): it would otherwise reach the route unparsed
 * and be refused as an empty spec, which says nothing of what was wrong.
 */
export function requireKnownBodyType(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req.headers) && !req.is(BODY_TYPES))
    throw new HttpProblem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      `expected a body of type ${BODY_TYPES.join(", ")}, not ${req.headers["content-type"] ?? "an unnamed type"}`,
      [{ field: "content-type", message: `expected ${BODY_TYPES.join(" or ")}` }],
    );
  next();
}

/** NUL, or a UTF-16 surrogate without its pair: no text column (PostgreSQL) can hold either. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (or object key) in `value` that cannot be stored, or undefined. */
export function unstorableField(value: unknown, root: string): string | undefined {
  // Iterative: a body may nest as deep as its size allows.
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) return path;
    } else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k;
        if (UNSTORABLE.test(k)) return path || "body";
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** 400 naming the field for a NUL or a lone surrogate anywhere in the body, the query or the path. */
export function refuseUnstorable(path: string, query: unknown, body: unknown): void {
  const field =
    unstorableField(path, "path") ??
    unstorableField(query, "query") ??
    (typeof body === "string" ? (UNSTORABLE.test(body) ? "body" : undefined) : unstorableField(body, ""));
  if (field !== undefined)
    throw new HttpProblem(
      400,
      "invalid-request",
      "Invalid request",
      `${field}: contains a NUL character or an unpaired UTF-16 surrogate`,
      [{ field, message: "expected text without NUL characters or unpaired surrogates" }],
    );
}

/** `refuseUnstorable` on every request Express answers. */
export function refuseUnstorableText(req: Request, _res: Response, next: NextFunction): void {
  refuseUnstorable(req.path, req.query, req.body);
  next();
}
