/** A study or trial that does not exist. The API maps it to 404. */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    readonly entity: "study" | "trial",
    readonly id: number,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** A state change that the current state forbids (stopping a finished study). The API maps it to 409. */
export class ConflictError extends Error {
  // Widened so that subclasses (a lost lease, a spent budget) can name themselves.
  override readonly name: string = "ConflictError";
}
