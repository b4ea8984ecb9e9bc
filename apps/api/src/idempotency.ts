import { createHash } from "node:crypto";
import type { Request } from "express";
import { HttpProblem } from "./problem.js";

/** What an Idempotency-Key may be: 1 to 255 visible ASCII characters (a UUID, a job id). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The request's `Idempotency-Key` and a hash of its body, or undefined without the header: a POST
 * repeated with the same key and body gets the first answer instead of a second study.
 */
export function idempotencyOf(req: Request): { key: string; bodyHash: string } | undefined {
  const key = req.headers["idempotency-key"];
  if (key === undefined) return undefined;
  if (typeof key !== "string" || !KEY.test(key))
    throw new HttpProblem(
      400,
      "invalid-request",
      "Invalid request",
      "idempotency-key: expected 1-255 visible ASCII characters",
      [{ field: "idempotency-key", message: "expected 1-255 visible ASCII characters" }],
    );
  const body = typeof req.body === "string" ? req.body : JSON.stringify(req.body ?? null);
  return {
    key,
    bodyHash: createHash("sha256")
      .update(`${req.headers["content-type"] ?? ""}\n${body}`)
      .digest("hex"),
  };
}
