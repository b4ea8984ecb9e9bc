import type { Params, SamplerDecision, PrunerDecision, TrialState, TrialStrategy, Direction } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";

// The shapes every store implementation reads and writes: what callers of the contract see, whatever
// holds the data (PostgreSQL, memory).

/** REFITTING: the budget is spent and a worker refits the best configuration (the champion) before COMPLETED. */
export type StudyStatus = "RUNNING" | "REFITTING" | "COMPLETED" | "STOPPED" | "FAILED";

export interface StudyRow {
  readonly id: number;
  /** The project it belongs to (API keys of other projects do not see it), and that project's name. */
  readonly projectId: number;
  readonly projectName: string;
  readonly name: string;
  readonly spec: StudySpec;
  readonly status: StudyStatus;
  readonly directions: Direction[];
  /** Trials created so far (the next trial's number). */
  readonly trialCount: number;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly completedAt: Date | null;
}

export interface TrialRow {
  readonly id: number;
  readonly studyId: number;
  /** 0-based, unique and gap-free within a study. */
  readonly number: number;
  readonly params: Params;
  readonly state: TrialState;
  readonly values: number[] | null;
  readonly metrics: Record<string, number> | null;
  /** Claims so far; a result is accepted only from the attempt that holds the trial. */
  readonly attempt: number;
  readonly workerId: string | null;
  readonly strategy: TrialStrategy | null;
  readonly lastStep: number | null;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** The trial a worker holds after a successful claim: its result is accepted only with this attempt. */
export interface ClaimedTrial {
  readonly id: number;
  readonly studyId: number;
  readonly number: number;
  readonly params: Params;
  readonly attempt: number;
  readonly spec: StudySpec;
  /**
   * The highest step any attempt reported, or null when none did: then the trial has no reports and no
   * resumable checkpoint, and a worker can start it without reading either.
   */
  readonly lastStep: number | null;
  /** Which strategy proposed it (under pruner "auto", also the pruner chosen for it). */
  readonly strategy: TrialStrategy | null;
}

export type TrialCounts = Record<TrialState, number>;

export interface StudySummary {
  readonly study: StudyRow;
  readonly counts: TrialCounts;
  /** The best COMPLETE trial by the first objective (ties: the earlier trial), or null. */
  readonly bestTrial: TrialRow | null;
}

/** A configuration to create as a WAITING trial, with the strategy that proposed it. */
export interface TrialProposal {
  readonly params: Params;
  readonly strategy?: TrialStrategy;
}

export interface CreatedTrial {
  readonly id: number;
  readonly number: number;
  readonly params: Params;
  readonly attempt: number;
}

/** How a worker ends its attempt. PRUNED keeps the last reported values. */
export interface TrialOutcome {
  readonly state: "COMPLETE" | "PRUNED" | "FAILED";
  readonly values?: readonly number[];
  readonly metrics?: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** The trials in flight by the state the caller last saw them in. */
export interface KnownStates {
  readonly waiting: readonly number[];
  readonly running: readonly number[];
}

/** A trial in flight whose state is no longer the one the caller knows. */
export interface TrialChange {
  readonly id: number;
  readonly state: TrialState;
  readonly values: number[] | null;
}

export interface UnfinishedTrial {
  readonly id: number;
  readonly number: number;
  readonly state: "WAITING" | "RUNNING";
  readonly attempt: number;
}

/** A trial whose worker went silent: WAITING again for another attempt, or FAILED with none left. */
export interface ReapedTrial {
  readonly id: number;
  readonly studyId: number;
  readonly number: number;
  readonly state: "WAITING" | "FAILED";
  readonly attempt: number;
}

export interface StoredCheckpoint {
  readonly step: number;
  /** The attempt that wrote it. */
  readonly attempt: number;
  readonly data: Uint8Array;
}

/** One entry of a study's strategy decision log. */
export interface DecisionRow {
  readonly trial: number;
  readonly kind: string;
  readonly from: string | null;
  readonly to: string;
  readonly reason: string;
  readonly shares: Record<string, number>;
  readonly createdAt: Date;
}

/** A decision to store: the sampler's, the pruner "auto" chose, or the scheduler's own (warm start). */
export type DecisionInput = Omit<SamplerDecision, "kind"> & {
  readonly kind: SamplerDecision["kind"] | PrunerDecision["kind"] | "warm-start" | "families";
};

export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** The compute backend the worker selected at start. */
  readonly backend: string;
  /** Trials it runs at once: its slots (placement gives a `cpus: k` trial k of a CPU worker's). */
  readonly concurrency: number;
  /** GPUs it uses (0 on a CPU worker) and the memory of the smallest, in MB (null or absent: unknown). */
  readonly gpus?: number;
  readonly gpuMemoryMb?: number | null;
  /** The objective modules it runs: name -> JSON Schema of the module's params (none when absent). */
  readonly objectives?: Readonly<Record<string, unknown>>;
}

export interface WorkerRow extends WorkerInfo {
  readonly gpus: number;
  readonly gpuMemoryMb: number | null;
  readonly objectives: Readonly<Record<string, unknown>>;
  readonly startedAt: Date;
  readonly lastSeenAt: Date;
}

export interface StudyListOptions {
  readonly status?: StudyStatus;
  readonly limit: number;
  /** Keyset pagination: only studies with a smaller id. */
  readonly before?: number;
  /** Only studies whose name contains this, in any case. */
  readonly name?: string;
  /** Only the studies of this project (an admin key's list: all). */
  readonly projectId?: number;
}

export interface TrialPageOptions {
  readonly offset: number;
  readonly limit: number;
  readonly state?: TrialState;
}

export interface TrialPage {
  /** Trials matching the filter, all pages together. */
  readonly total: number;
  readonly trials: TrialRow[];
}
