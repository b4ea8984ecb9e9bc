import type { ProblemJson } from "@rectune/api-contract";

/** An error answer of the API (`application/problem+json`): its status and problem (type, field, errors). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<ProblemJson>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** The problem's kind: the last part of its type (`lease-lost`, `budget-spent`, `not-found`, ...). */
  get kind(): string | undefined {
    return this.problem.type?.split(":").at(-1);
  }
}
