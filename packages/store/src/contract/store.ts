import type { ChampionReads, RefitLease, RefitLedger } from "./champion-refit.js";
import type { AccessControl } from "./access-control.js";
import type { StudyBrowse } from "./study-browse.js";
import type { StudyControl } from "./study-control.js";
import type { StudyLedger } from "./study-ledger.js";
import type { StudyReads } from "./study-reads.js";
import type { TrialLease } from "./trial-lease.js";
import type { WorkerRegistry } from "./worker-registry.js";

/**
 * A whole store: every caller's interface over one set of data. Callers take the narrowest interface
 * they need (a worker's runner a TrialLease, the scheduler a StudyLedger, the API StudyReads and
 * StudyControl); only the code that creates a store sees all of it, and closes it.
 */
export interface Store
  extends
    TrialLease,
    StudyLedger,
    StudyReads,
    StudyControl,
    StudyBrowse,
    WorkerRegistry,
    RefitLease,
    RefitLedger,
    ChampionReads,
    AccessControl {
  close(): Promise<void>;
}
