/** Backoff before restarting a member that exited: doubles per early exit, from 1 s up to 30 s. */
const RESTART_BACKOFF_MS = { first: 1_000, max: 30_000 };
/** A member that ran this long before exiting counts as healthy: its next restart waits the shortest backoff. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * The supervisor's rule for a child that exited after running `ranMs`, having been restarted early
 * `earlyRestarts` times in a row: how many early restarts that makes, and how long to wait first.
 */
export function nextRestart(earlyRestarts: number, ranMs: number): { earlyRestarts: number; delayMs: number } {
  const early = ranMs >= HEALTHY_AFTER_MS ? 0 : earlyRestarts + 1;
  return {
    earlyRestarts: early,
    delayMs: Math.min(RESTART_BACKOFF_MS.max, RESTART_BACKOFF_MS.first * 2 ** Math.max(0, early - 1)),
  };
}
