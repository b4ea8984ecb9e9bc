import type { WorkerInfo } from "./rows.js";

/** Where workers say who they are and that they are alive (StudyReads.workers lists them). */
export interface WorkerRegistry {
  /** Adds the worker, or updates it when the id is known (a restart with the same id). */
  registerWorker(info: WorkerInfo): Promise<void>;
  touchWorker(id: string): Promise<void>;
  /**
   * Deletes workers not seen for `silentForMs` (by the store's clock): dead workers stay listed that long
   * for inspection, then go. Returns how many were deleted.
   */
  expireWorkers(silentForMs: number): Promise<number>;
}
