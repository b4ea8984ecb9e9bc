import { isTransientStoreError } from "./transient-errors.js";

export interface RetryOptions {
  /** First pause (default 100 ms); each retry doubles it up to `maxDelayMs`, with full jitter. */
  readonly initialDelayMs?: number;
  /** Longest pause between two tries (default 2 s). */
  readonly maxDelayMs?: number;
  /** Gives up (rethrows the last error) once this much time has passed; default: never. */
  readonly giveUpAfterMs?: number;
  /** Stops retrying when aborted (rethrows the last error). */
  readonly signal?: AbortSignal;
  /** Called before each pause, for a log line. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Which errors are worth another try (default: isTransientStoreError). */
  readonly isTransient?: (error: unknown) => boolean;
}

/**
 * Runs `fn` until it succeeds or fails with an error that is not transient. Between tries it waits an
 * exponentially growing, fully jittered pause, so that workers cut off together do not reconnect together.
 * Only idempotent or fenced operations may be retried: a write may have committed before its connection broke.
 */
export async function retryTransient<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { initialDelayMs = 100, maxDelayMs = 2_000, giveUpAfterMs, signal, onRetry } = options;
  const isTransient = options.isTransient ?? isTransientStoreError;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || signal?.aborted) throw error;
      if (giveUpAfterMs !== undefined && Date.now() - started >= giveUpAfterMs) throw error;
      const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 20));
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      onRetry?.(error, attempt, delayMs);
      await pause(delayMs, signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
