/**
 * Raised for a search space that cannot be sampled. `param` names the offending parameter and
 * `field` the offending property, so the API can answer 400 with `space.<param>.<field>`.
 */
export class SearchSpaceError extends Error {
  override readonly name = "SearchSpaceError";
  constructor(
    readonly param: string,
    readonly field: string | undefined,
    message: string,
  ) {
    super(`parameter "${param}"${field ? ` (${field})` : ""}: ${message}`);
  }
}
