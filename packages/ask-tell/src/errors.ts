import { ConflictError } from "@rectune/store";

/** A request names a value the study cannot take; `field` is where, as the API's problem answer names it. */
export class TrialInputError extends Error {
  override readonly name = "TrialInputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The caller's attempt no longer holds the trial (its lease expired and the trial went back, or the
 * trial already ended): stop working on it, the result would not be recorded.
 */
export class LeaseLostError extends ConflictError {
  override readonly name = "LeaseLostError";
}

/** Every trial of the study's budget is created: nothing left to ask for (extend the budget to go on). */
export class BudgetSpentError extends ConflictError {
  override readonly name = "BudgetSpentError";
}

/** The study is not one whose trials clients run (its target is not `external`), or it does not run. */
export class NotAskableError extends ConflictError {
  override readonly name = "NotAskableError";
}
