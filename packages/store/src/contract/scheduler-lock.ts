/** Held by the one scheduler of a cluster (StudyLedger.acquireSchedulerLock). */
export interface SchedulerLock {
  /** Resolves if the lock is lost (its connection broke): the holder must stop scheduling at once. */
  readonly lost: Promise<Error>;
  /**
   * False from the moment the lock is lost or released (synchronous: the scheduler checks it before each
   * pass and each write batch, so a scheduler cut off from PostgreSQL stops scheduling at once).
   */
  held(): boolean;
  release(): Promise<void>;
}

export interface SchedulerLockOptions {
  /** How often a standby tries again (default 1 s). */
  readonly pollMs?: number;
  /** Stops waiting (the acquire rejects with the abort reason). */
  readonly signal?: AbortSignal;
  /** Told each time the store cannot be reached while waiting (a log line); the standby keeps waiting. */
  readonly onUnavailable?: (error: unknown) => void;
}
