import type { Direction, Params, TrialRecord, TrialState, TrialStrategy } from "@rectune/search";
import type { StudySpec } from "@rectune/spec";
import type { ProjectRow, StoredApiKey } from "../contract/access-control.js";
import { NotFoundError } from "../contract/errors.js";
import { DEFAULT_PROJECT_ID } from "../contract/study-control.js";
import type { LeaderboardWatcher } from "../contract/leaderboard-watcher.js";
import type { StudyWatcher } from "../contract/study-watcher.js";
import type { ChampionRow } from "../contract/champion-refit.js";
import type { DecisionRow, StudyRow, StudyStatus, TrialRow, WorkerRow } from "../contract/rows.js";

export interface MemoryStudy {
  readonly id: number;
  readonly projectId: number;
  /** Projects are never renamed: the name is the one it had when the study was made. */
  readonly projectName: string;
  readonly name: string;
  readonly spec: StudySpec;
  status: StudyStatus;
  readonly directions: Direction[];
  nextTrialNumber: number;
  error: string | null;
  readonly createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface MemoryTrial {
  readonly id: number;
  readonly studyId: number;
  readonly number: number;
  params: Params;
  state: TrialState;
  values: number[];
  metrics: Record<string, number> | null;
  attempt: number;
  workerId: string | null;
  heartbeatAt: Date | null;
  readonly strategy: TrialStrategy | null;
  lastStep: number | null;
  error: string | null;
  readonly createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A study's champion and its refit (see ChampionRow); `weights` kept apart from what reads copy. */
export interface MemoryChampion extends Omit<ChampionRow, "hasWeights"> {
  workerId: string | null;
  heartbeatAt: Date | null;
  weights: Uint8Array | null;
}

export interface MemoryReport {
  readonly value: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly attempt: number;
  /** When it was stored (the store's clock). */
  readonly at: Date;
}

export interface MemoryCheckpoint {
  readonly attempt: number;
  readonly data: Uint8Array;
}

/** JSON-like values go in and out as copies: no caller can change what the store holds. */
export const copy = <T>(value: T): T => structuredClone(value);

/**
 * Everything an in-memory store holds, and the small helpers its parts share. One JavaScript thread
 * runs each method to its end before another starts, which is what makes every write atomic here.
 */
export class MemoryData {
  readonly studies = new Map<number, MemoryStudy>();
  readonly trials = new Map<number, MemoryTrial>();
  /** Each study's trials, index = trial number. */
  readonly trialsByStudy = new Map<number, MemoryTrial[]>();
  /** trial id -> step -> report */
  readonly reports = new Map<number, Map<number, MemoryReport>>();
  /** trial id -> step -> checkpoint */
  readonly checkpoints = new Map<number, Map<number, MemoryCheckpoint>>();
  readonly decisions = new Map<number, DecisionRow[]>();
  /** study id -> its champion (once its budget is spent) */
  readonly champions = new Map<number, MemoryChampion>();
  readonly workers = new Map<string, WorkerRow>();
  readonly watchers = new Set<LeaderboardWatcher>();
  readonly studyWatchers = new Set<StudyWatcher>();
  /** By id; the `default` project exists from the start, as the migration that made projects creates it. */
  readonly projects = new Map<number, ProjectRow>();
  /** By prefix. */
  readonly apiKeys = new Map<string, StoredApiKey>();
  /** `<project id> <Idempotency-Key>` -> the study it created and its request's hash. */
  readonly submissions = new Map<string, { studyId: number; bodyHash: string }>();
  private lastId = { study: 0, trial: 0, project: DEFAULT_PROJECT_ID, apiKey: 0 };

  constructor(private readonly clock: () => number) {
    this.projects.set(DEFAULT_PROJECT_ID, { id: DEFAULT_PROJECT_ID, name: "default", createdAt: this.now() });
  }

  now(): Date {
    return new Date(this.clock());
  }

  nextId(kind: "study" | "trial" | "project" | "apiKey"): number {
    return ++this.lastId[kind];
  }

  project(id: number): ProjectRow {
    const project = this.projects.get(id);
    if (!project) throw new NotFoundError("project", id);
    return project;
  }

  study(id: number): MemoryStudy {
    const study = this.studies.get(id);
    if (!study) throw new NotFoundError("study", id);
    return study;
  }

  trialsOf(studyId: number): MemoryTrial[] {
    return this.trialsByStudy.get(studyId) ?? [];
  }

  /** The trial while `attempt` holds it (RUNNING under that attempt), else undefined. */
  held(trialId: number, attempt: number): MemoryTrial | undefined {
    const trial = this.trials.get(trialId);
    return trial?.state === "RUNNING" && trial.attempt === attempt ? trial : undefined;
  }

  /** Tells the study watchers of a trial's change, as the PostgreSQL store's live triggers do. */
  trialChanged(trialId: number): void {
    const trial = this.trials.get(trialId);
    if (trial) for (const watcher of this.studyWatchers) watcher.trialChanged(trial.studyId, trialId);
  }

  studyChanged(studyId: number): void {
    for (const watcher of this.studyWatchers) watcher.studyChanged(studyId);
  }

  /** Tells the leaderboard watchers, as the PostgreSQL store's trigger does for a COMPLETE row. */
  announce(studyId: number): void {
    for (const watcher of this.watchers) watcher.changed(studyId);
  }
}

export const studyRow = (s: MemoryStudy): StudyRow => ({
  id: s.id,
  projectId: s.projectId,
  projectName: s.projectName,
  name: s.name,
  spec: copy(s.spec),
  status: s.status,
  directions: [...s.directions],
  trialCount: s.nextTrialNumber,
  error: s.error,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  completedAt: s.completedAt,
});

export const trialRow = (t: MemoryTrial): TrialRow => ({
  id: t.id,
  studyId: t.studyId,
  number: t.number,
  params: copy(t.params),
  state: t.state,
  values: t.values.length > 0 ? [...t.values] : null,
  metrics: t.metrics && copy(t.metrics),
  attempt: t.attempt,
  workerId: t.workerId,
  strategy: t.strategy && copy(t.strategy),
  lastStep: t.lastStep,
  error: t.error,
  createdAt: t.createdAt,
  startedAt: t.startedAt,
  finishedAt: t.finishedAt,
});

export const trialRecord = (t: MemoryTrial, strategy = true): TrialRecord => ({
  number: t.number,
  state: t.state,
  params: copy(t.params),
  values: t.values.length > 0 ? [...t.values] : null,
  intermediate: new Map(),
  ...(strategy && t.strategy ? { strategy: copy(t.strategy) } : {}),
});

/** COMPLETE trials with a first value, best first in `direction`, ties to the earlier trial. */
export function bestFirst(trials: readonly MemoryTrial[], direction: Direction): MemoryTrial[] {
  const sign = direction === "maximize" ? -1 : 1;
  return trials
    .filter((t) => t.state === "COMPLETE" && t.values[0] !== undefined)
    .sort((a, b) => sign * ((a.values[0] as number) - (b.values[0] as number)) || a.number - b.number);
}
