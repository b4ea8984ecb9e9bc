/** A study, trial, project or API key that does not exist. The API maps it to 404. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    readonly entity: "study" | "trial" | "project" | "api key",
    readonly id: number | string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** An Idempotency-Key used again with another request body. The API maps it to 422. */
export class IdempotencyConflictError extends Error {
  override readonly name = "IdempotencyConflictError";
  constructor(readonly key: string) {
    super(`the Idempotency-Key ${JSON.stringify(key)} was used with another request body`);
  }
}

/** A state change that the current state forbids (stopping a finished study). The API maps it to 409. */
export class ConflictError extends Error {
  // Widened so that subclasses (a lost lease, a spent budget) can name themselves.
  override readonly name: string = "ConflictError";
}
