import type { Direction, Params, TrialRecord, TrialState, TrialStrategy } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";

export type StudyStatus = "RUNNING" | "COMPLETED" | "STOPPED" | "FAILED";

export interface StudyRow {
  readonly id: number;
  readonly name: string;
  readonly spec: StudySpec;
  readonly status: StudyStatus;
  readonly directions: Direction[];
  readonly trialCount: number;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly completedAt: Date | null;
}

export interface TrialRow {
  readonly id: number;
  readonly studyId: number;
  readonly number: number;
  readonly params: Params;
  readonly state: TrialState;
  readonly values: number[] | null;
  readonly metrics: Record<string, number> | null;
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
  /** Which strategy proposed it (under scheduler "auto", also the scheduler chosen for it). */
  readonly strategy: TrialStrategy | null;
}

interface PrismaTrial {
  id: number;
  studyId: number;
  number: number;
  params: unknown;
  state: TrialState;
  values: number[];
  metrics: unknown;
  attempt: number;
  workerId: string | null;
  strategy: unknown;
  lastStep: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function toTrialRow(t: PrismaTrial): TrialRow {
  return {
    id: t.id,
    studyId: t.studyId,
    number: t.number,
    params: t.params as Params,
    state: t.state,
    values: t.values.length > 0 ? t.values : null,
    metrics: (t.metrics as Record<string, number> | null) ?? null,
    attempt: t.attempt,
    workerId: t.workerId,
    strategy: (t.strategy as TrialStrategy | null) ?? null,
    lastStep: t.lastStep,
    error: t.error,
    createdAt: t.createdAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
  };
}

/** What samplers see of a stored trial (intermediate values are loaded separately, where needed). */
export function toTrialRecord(t: Pick<TrialRow, "number" | "state" | "params" | "values" | "strategy">): TrialRecord {
  return {
    number: t.number,
    state: t.state,
    params: t.params,
    values: t.values,
    intermediate: new Map(),
    ...(t.strategy ? { strategy: t.strategy } : {}),
  };
}
