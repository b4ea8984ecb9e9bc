import type { StudyJson, StudyProgressJson, StudySummaryJson, TrialJson } from "@rectune/api-contract";
import type { StudyProgress, StudyRow, StudySummary, TrialRow } from "@rectune/store";

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

export function summaryJson(summary: StudySummary): StudySummaryJson {
  const { counts } = summary;
  return {
    ...studyJson(summary.study),
    counts,
    finished: counts.COMPLETE + counts.PRUNED + counts.FAILED,
    maxTrials: summary.study.spec.strategy.maxTrials,
    bestTrial: summary.bestTrial ? trialJson(summary.bestTrial) : null,
  };
}
