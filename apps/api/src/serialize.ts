import type {
  ChampionJson,
  LeaderboardJson,
  StudyJson,
  StudyProgressJson,
  StudySummaryJson,
  TrialJson,
  WorkerJson,
} from "@rectune/api-contract";
import type { Leaderboard } from "@rectune/leaderboard";
import type { ChampionRow, StudyProgress, StudyRow, StudySummary, TrialRow, WorkerLoad } from "@rectune/store";

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function trialJson(t: TrialRow): TrialJson {
  return {
    number: t.number,
    state: t.state,
    params: t.params,
    values: t.values,
    metrics: t.metrics,
    attempt: t.attempt,
    strategy: t.strategy,
    lastStep: t.lastStep,
    error: t.error,
    createdAt: t.createdAt.toISOString(),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
    durationMs: t.startedAt && t.finishedAt ? t.finishedAt.getTime() - t.startedAt.getTime() : null,
  };
}

export function studyJson(s: StudyRow): StudyJson {
  return {
    id: s.id,
    name: s.name,
    project: s.projectName,
    status: s.status,
    directions: s.directions,
    trialsCreated: s.trialCount,
    error: s.error,
    createdAt: s.createdAt.toISOString(),
    completedAt: iso(s.completedAt),
    spec: s.spec,
  };
}

export function progressJson(s: StudyRow, p: StudyProgress): StudyProgressJson {
  const { counts } = p;
  return {
    counts,
    finished: counts.COMPLETE + counts.PRUNED + counts.FAILED,
    maxTrials: s.spec.strategy.maxTrials,
    bestValue: s.directions[0] === "maximize" ? p.maxValue : p.minValue,
  };
}

export function summaryJson(summary: StudySummary, champion: ChampionRow | null): StudySummaryJson {
  const { counts } = summary;
  return {
    champion: champion && championJson(champion),
    ...studyJson(summary.study),
    counts,
    finished: counts.COMPLETE + counts.PRUNED + counts.FAILED,
    maxTrials: summary.study.spec.strategy.maxTrials,
    bestTrial: summary.bestTrial ? trialJson(summary.bestTrial) : null,
  };
}

/** A study's champion: the trial, its validation values, the refit's test metrics and how it went. */
export function championJson(c: ChampionRow): ChampionJson {
  return {
    trial: c.trialNumber,
    params: c.params,
    validation: c.values,
    state: c.state,
    testMetrics: c.testMetrics,
    refit: c.refit && { ...c.refit, attempt: c.attempt },
    error: c.error,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** `GET /v1/studies/:id/leaderboard`: the best trials, ranked, each with its first objective's value. */
export function leaderboardJson({ studyId, metric, direction, trials }: Leaderboard): LeaderboardJson {
  return {
    study: studyId,
    metric,
    direction,
    trials: trials.map((t, i) => ({ rank: i + 1, ...trialJson(t), value: t.values?.[0] ?? null })),
  };
}

/** A worker and what it runs; `live` when it heart-beat within the stale-trial window. */
export function workerJson(w: WorkerLoad, staleAfterMs: number): WorkerJson {
  return {
    id: w.id,
    host: w.host,
    pid: w.pid,
    backend: w.backend,
    concurrency: w.concurrency,
    gpus: w.gpus,
    gpuMemoryMb: w.gpuMemoryMb,
    startedAt: w.startedAt.toISOString(),
    lastSeenAt: w.lastSeenAt.toISOString(),
    silentForMs: Math.max(0, Math.round(w.silentForMs)),
    live: w.silentForMs <= staleAfterMs,
    running: w.running,
  };
}
