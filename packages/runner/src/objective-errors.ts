import { isTransientStoreError } from "@rectune/store";

/**
 * How a trial's failure is handled:
 * - "infrastructure": the store (or its connection) failed, not the trial: it is never FAILED for that.
 * - "deterministic": the configuration or the data is at fault (a parameter the target does not take, a
 *   file it cannot read, a metric it never reports): another attempt would fail the same way, so the trial
 *   is FAILED at once and the scheduler may fail the study fast.
 * - "retryable": anything else the objective threw: the trial gets another attempt while it has some.
 */
export type FailureKind = "infrastructure" | "deterministic" | "retryable";

/** A failure the runner itself detects in what the objective returned: the same on every attempt. */
export class ObjectiveContractError extends Error {
  override readonly name = "ObjectiveContractError";
}

/**
 * Error classes (by name, so the runner needs no dependency on every objective package) that mean the
 * configuration or the data is wrong: input validation (TypeError, RangeError, zod), the recommender
 * objectives' own hyperparameter and data errors, a training run that diverges under these params.
 */
const DETERMINISTIC_NAMES = new Set([
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ZodError",
  "ObjectiveContractError",
  "HyperparameterError",
  "DataError",
  "DatasetFetchError",
  "TrainingDivergedError",
]);

/** File-system codes of a path that is missing or unreadable: the spec names a file that cannot be used. */
const DETERMINISTIC_FS_CODES = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR", "EPERM"]);

export function classifyFailure(error: unknown): FailureKind {
  if (isTransientStoreError(error)) return "infrastructure";
  if (!(error instanceof Error)) return "retryable";
  if (DETERMINISTIC_NAMES.has(error.name)) return "deterministic";
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && DETERMINISTIC_FS_CODES.has(code)) return "deterministic";
  return "retryable";
}
