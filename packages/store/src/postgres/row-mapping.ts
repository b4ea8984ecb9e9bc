import type { Direction, Params, TrialRecord, TrialState, TrialStrategy } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import type { StudyRow, StudyStatus, TrialRow } from "../contract/rows.js";

/** A trials row as Prisma's model (or a plain SQL read under the model's field names) returns it. */
export interface TrialRecordRow {
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

/** A studies row under the Prisma model's field names. */
export interface StudyRecordRow {
  id: number;
  projectId: number;
  projectName: string;
  name: string;
  spec: unknown;
  status: StudyStatus;
  directions: string[];
  nextTrialNumber: number;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/**
 * The columns of `trials` under the Prisma model's field names, for plain SQL reads. Timestamps are
 * stored as UTC without a zone (Prisma's convention); read as timestamptz, pg makes the same Dates.
 */
export const TRIAL_COLUMNS = `id, study_id AS "studyId", number, params, state::text AS state, "values", metrics, attempt,
  worker_id AS "workerId", strategy, last_step AS "lastStep", error, created_at AT TIME ZONE 'UTC' AS "createdAt",
  started_at AT TIME ZONE 'UTC' AS "startedAt", finished_at AT TIME ZONE 'UTC' AS "finishedAt"`;

/** The columns of `studies` under the Prisma model's field names. */
export const STUDY_COLUMNS = `id, project_id AS "projectId",
  (SELECT p.name FROM projects p WHERE p.id = studies.project_id) AS "projectName", name, spec, status::text AS status, directions, next_trial_number AS "nextTrialNumber",
  error, created_at AT TIME ZONE 'UTC' AS "createdAt", updated_at AT TIME ZONE 'UTC' AS "updatedAt",
  completed_at AT TIME ZONE 'UTC' AS "completedAt"`;

/** Objective values as stored (an empty array until the trial ends) -> null when there are none. */
export const valuesOrNull = (values: readonly number[] | null): number[] | null =>
  values && values.length > 0 ? [...values] : null;

export function toTrialRow(t: TrialRecordRow): TrialRow {
  return {
    id: t.id,
    studyId: t.studyId,
    number: t.number,
    params: t.params as Params,
    state: t.state,
    values: valuesOrNull(t.values),
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

export const toStudyRow = (s: StudyRecordRow): StudyRow => ({
  id: s.id,
  projectId: s.projectId,
  projectName: s.projectName,
  name: s.name,
  spec: s.spec as StudySpec,
  status: s.status,
  directions: s.directions as Direction[],
  trialCount: s.nextTrialNumber,
  error: s.error,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  completedAt: s.completedAt,
});

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

export const json = (v: unknown): string => JSON.stringify(v ?? null);

/** A bytea column as pg reads it (a Buffer) as the contract's plain Uint8Array, a view of the same bytes. */
export const bytesOf = (data: Uint8Array): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
