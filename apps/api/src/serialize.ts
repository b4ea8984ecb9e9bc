import type { Leaderboard } from "@rectune/leaderboard";
import type { StudyRow, StudySummary, TrialRow, WorkerRow } from "@rectune/store";

export function trialJson(t: TrialRow) {
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
    createdAt: t.createdAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    durationMs: t.startedAt && t.finishedAt ? t.finishedAt.getTime() - t.startedAt.getTime() : null,
  };
}

export function studyJson(s: StudyRow) {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    directions: s.directions,
    trialsCreated: s.trialCount,
    error: s.error,
    createdAt: s.createdAt,
    completedAt: s.completedAt,
    spec: s.spec,
  };
}

export function summaryJson(summary: StudySummary) {
  const { counts } = summary;
  return {
    ...studyJson(summary.study),
    counts,
    finished: counts.COMPLETE + counts.PRUNED + counts.FAILED,
    maxTrials: summary.study.spec.strategy.maxTrials,
    bestTrial: summary.bestTrial ? trialJson(summary.bestTrial) : null,
  };
}

/** `GET /v1/studies/:id/leaderboard`: the best trials, ranked, each with its first objective's value. */
export function leaderboardJson({ studyId, metric, direction, trials }: Leaderboard) {
  return {
    study: studyId,
    metric,
    direction,
    trials: trials.map((t, i) => ({ rank: i + 1, ...trialJson(t), value: t.values?.[0] ?? null })),
  };
}

export function workerJson(w: WorkerRow) {
  return { ...w };
}
