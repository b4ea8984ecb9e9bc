import type { NextFunction, Request, Response } from "express";
import { AuthenticationError } from "@rectune/access";
import { DataRootError } from "@rectune/data-roots";
import { StudySpecError, problemsOf, type SpecProblem } from "@rectune/spec";
import { ServingError } from "@rectune/serving";
import { BudgetSpentError, LeaseLostError, NotAskableError, TrialInputError } from "@rectune/ask-tell";
import { ConflictError, IdempotencyConflictError, isTransientStoreError, NotFoundError } from "@rectune/store";
import { ZodError } from "zod";

/** An error answered as RFC 9457 `application/problem+json`. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    readonly title: string,
    detail: string,
    readonly errors: readonly SpecProblem[] = [],
  ) {
    super(detail);
  }
}

export const invalid = (errors: readonly SpecProblem[], prefix = ""): HttpProblem => {
  const withPrefix = errors.map((e) => ({
    ...e,
    field: prefix && e.field ? `${prefix}.${e.field}` : prefix || e.field,
  }));
  const first = withPrefix[0];
  return new HttpProblem(
    400,
    "invalid-request",
    "Invalid request",
    first ? `${first.field || "body"}: ${first.message}` : "invalid request",
    withPrefix,
  );
};

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_TYPE = "application/problem+json";

/** What a 503 tells clients to wait: about as long as a PostgreSQL restart takes. */
const RETRY_AFTER_S = 5;

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof AuthenticationError)
    return new HttpProblem(401, "unauthorized", "Unauthorized", error.message, [
      { field: "authorization", message: error.message },
    ]);
  if (error instanceof DataRootError) return invalid([{ field: error.field, message: error.message }]);
  if (error instanceof StudySpecError) return invalid(error.problems);
  if (error instanceof ZodError) return invalid(problemsOf(error));
  if (error instanceof TrialInputError) return invalid([{ field: error.field, message: error.message }]);
  if (error instanceof LeaseLostError) return new HttpProblem(409, "lease-lost", "Lease lost", error.message);
  if (error instanceof BudgetSpentError) return new HttpProblem(409, "budget-spent", "Budget spent", error.message);
  if (error instanceof NotAskableError) return new HttpProblem(409, "not-askable", "Not askable", error.message);
  if (error instanceof NotFoundError) return new HttpProblem(404, "not-found", "Not found", error.message);
  if (error instanceof ConflictError) return new HttpProblem(409, "conflict", "Conflict", error.message);
  if (error instanceof ServingError)
    return new HttpProblem(error.status, "cannot-serve", "Cannot serve", error.message, [
      { field: error.field, message: error.message },
    ]);
  if (error instanceof IdempotencyConflictError)
    return new HttpProblem(422, "idempotency-key-reused", "Idempotency-Key reused", error.message, [
      { field: "idempotency-key", message: "expected the same request body as the first request with this key" },
    ]);
  // express.json() body errors carry a status (400 malformed JSON, 413 too large).
  const status = (error as { status?: number; type?: string }).status;
  if (status === 400 && (error as { type?: string }).type === "entity.parse.failed") {
    return new HttpProblem(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON", [
      { field: "body", message: "not valid JSON" },
    ]);
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new HttpProblem(status, "bad-request", "Bad request", (error as Error).message);
  }
  // The store is down or restarting: the request was fine and is worth repeating shortly.
  if (isTransientStoreError(error))
    return new HttpProblem(503, "unavailable", "Service unavailable", "the study store is unreachable; retry shortly");
  return new HttpProblem(500, "internal", "Internal server error", "an unexpected error occurred; see the server log");
}

/** A problem answer: its status, its headers beyond the content type, its application/problem+json body. */
export interface ProblemAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * The answer to a request that failed with `error` (at `instance`, the request's URL), for Express's
 * error handler and the fast paths alike; an unexpected failure (500) is logged with its stack.
 */
export function problemAnswer(
  error: unknown,
  instance: string,
  logger: { error(obj: object, msg: string): void },
): ProblemAnswer {
  const problem = toProblem(error);
  if (problem.status >= 500 && problem.status !== 503)
    logger.error({ err: error instanceof Error ? error.stack : String(error), url: instance }, "request failed");
  const first = problem.errors[0];
  return {
    status: problem.status,
    headers: {
      ...(problem.status === 503 ? { "Retry-After": String(RETRY_AFTER_S) } : {}),
      ...(problem.status === 401 ? { "WWW-Authenticate": 'Bearer realm="rectune"' } : {}),
    },
    body: {
      type: `urn:rectune:problem:${problem.kind}`,
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      instance,
      ...(first ? { field: first.field } : {}),
      ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
    },
  };
}

export function problemHandler(logger: { error(obj: object, msg: string): void }) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, headers, body } = problemAnswer(error, req.originalUrl, logger);
    res.set(headers).status(status).type(PROBLEM_TYPE).json(body);
  };
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpProblem(404, "not-found", "Not found", `no route for ${req.method} ${req.path}`));
}
