import type { Checkpoint, RefitResult, StepVerdict } from "@rectune/runner";
import type { Params } from "@rectune/search";
import type { StudySpec, Target } from "@rectune/spec";
import type { BackendName } from "@rectune/tfjs-backend";

/** What a thread is started with (workerData): the backend it loads, where datasets are cached and may be read from. */
export interface ThreadSetup {
  readonly backend: BackendName;
  readonly cacheDir: string;
  /** The folders datasets may be read from (RECTUNE_DATA_ROOTS, see @rectune/data-roots). */
  readonly dataRoots: readonly string[];
  /**
   * The operator's objective modules (RECTUNE_OBJECTIVES as the worker read it) and the folder their paths
   * are relative to: each thread loads them as the worker did, so they run in threads like the built-ins.
   */
  readonly modules?: { readonly list: string; readonly baseDir: string };
}

/**
 * An error crossing the thread boundary: its message with the name and code that say what kind of failure
 * it is (a HyperparameterError, ENOENT, a dropped connection), so the runner classifies it as it would in
 * its own thread.
 */
export interface ThreadError {
  readonly message: string;
  readonly name?: string;
  readonly code?: string;
}

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { message: error.message, name: error.name, ...(typeof code === "string" ? { code } : {}) };
}

export function fromThreadError(error: ThreadError): Error {
  const rebuilt = new Error(error.message);
  if (error.name !== undefined) rebuilt.name = error.name;
  if (error.code !== undefined) Object.assign(rebuilt, { code: error.code });
  return rebuilt;
}

/** The parent's messages to a trial thread. Structured clone carries them (Uint8Array checkpoints included). */
export type ToThread =
  | {
      readonly type: "run";
      readonly target: Target;
      readonly params: Params;
      readonly spec: StudySpec;
      readonly trialNumber: number;
      readonly start: Checkpoint | null;
    }
  /** Retrain a study's champion (the objective's refit): answered by `refitted` or `failed`. */
  | {
      readonly type: "refit";
      readonly target: Target;
      readonly params: Params;
      readonly spec: StudySpec;
      readonly trialNumber: number;
      readonly bestStep: number | null;
    }
  /** The answer to the thread's call number `call` (a report's verdict, a saved checkpoint). */
  | { readonly type: "answer"; readonly call: number; readonly verdict?: StepVerdict; readonly error?: ThreadError }
  /** The runner aborted the objective: `reason` says why (the thread's signal carries it). */
  | { readonly type: "abort"; readonly reason: string };

/** A trial thread's messages to its parent. */
export type FromThread =
  | { readonly type: "ready" }
  | { readonly type: "setup-failed"; readonly error: string }
  | {
      readonly type: "report";
      readonly call: number;
      readonly step: number;
      readonly metrics: Readonly<Record<string, number>>;
      /** The trial's last step: stored, never pruned. */
      readonly last: boolean;
    }
  | { readonly type: "checkpoint"; readonly call: number; readonly step: number; readonly data: Uint8Array }
  | { readonly type: "done"; readonly metrics: Readonly<Record<string, number>> }
  | { readonly type: "refitted"; readonly result: RefitResult }
  | { readonly type: "failed"; readonly error: ThreadError };

/** A reason as text (why the runner aborted, why a setup failed): a symbol's description, an error's message. */
export function reasonText(reason: unknown): string {
  if (typeof reason === "symbol") return reason.description ?? "aborted";
  if (reason instanceof Error) return reason.message;
  return reason === undefined ? "aborted" : String(reason);
}
