import type { Store } from "../contract/store.js";
import { memoryChampions } from "./champions.js";
import { memoryAccessControl } from "./access-control.js";
import { MemoryData } from "./memory-data.js";
import { memoryStudyBrowse } from "./study-browse.js";
import { memoryStudyControl } from "./study-control.js";
import { memoryStudyLedger } from "./study-ledger.js";
import { memoryStudyReads } from "./study-reads.js";
import { memoryTrialLease } from "./trial-lease.js";
import { announcingChanges } from "./study-watch.js";
import { memoryWorkers } from "./workers.js";

export interface MemoryStoreOptions {
  /** The store's clock in milliseconds (heartbeats, reaping, timestamps); default Date.now. */
  readonly now?: () => number;
}

/**
 * The store in this process's memory, with the same rules as PostgreSQL's (the same contract suite
 * checks both): the whole scheduler + runner loop runs in one process with no database, for tests and
 * for in-process studies. Nothing survives the process.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const data = new MemoryData(options.now ?? Date.now);
  return announcingChanges(data, {
    ...memoryStudyControl(data),
    ...memoryStudyReads(data),
    ...memoryStudyBrowse(data),
    ...memoryStudyLedger(data),
    ...memoryTrialLease(data),
    ...memoryWorkers(data),
    ...memoryChampions(data),
    ...memoryAccessControl(data),
    async close() {
      data.watchers.clear();
      data.studyWatchers.clear();
    },
  });
}
