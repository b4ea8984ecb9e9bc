/** Held by the one scheduler of a cluster (StudyLedger.acquireSchedulerLock). */
export interface SchedulerLock {
  /** Resolves if the lock is lost (its connection broke): the holder must stop scheduling at once. */
  readonly lost: Promise<Error>;
  release(): Promise<void>;
}

export interface SchedulerLockOptions {
  /** How often a standby tries again (default 1 s). */
  readonly pollMs?: number;
  /** Stops waiting (the acquire rejects with the abort reason). */
  readonly signal?: AbortSignal;
}
