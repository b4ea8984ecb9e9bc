import type { Direction, StudyHistory, TrialRecord } from "../history.js";
import { rankByDominance } from "../multiobjective/pareto.js";

/** Objective values turned into minimization (maximized objectives negated). */
export function minimizedValues(directions: readonly Direction[], values: readonly number[]): number[] {
  return values.map((v, i) => (directions[i] === "maximize" ? -v : v));
}

/** COMPLETE trials whose values are all finite and match the study's objectives. */
export function completedTrials(history: StudyHistory): TrialRecord[] {
  return history.trials.filter(
    (t) => t.state === "COMPLETE" && t.values !== null && t.values.length === history.directions.length && t.values.every(Number.isFinite),
  );
}

/** The last reported step and value of a trial, if it reported any. */
function lastReport(t: TrialRecord): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const [step, value] of t.intermediate) if (Number.isFinite(value) && (!best || step > best[0])) best = [step, value];
  return best;
}

/**
 * Finished trials ordered best first, the order TPE splits into "good" and "bad". Single objective (as in
 * Optuna): COMPLETE trials by value, then PRUNED trials, those that got further first and, at equal steps,
 * by their last intermediate value — a pruned trial is evidence, just weaker than a finished one.
 * Multi-objective: COMPLETE trials by non-dominated front, then crowding distance.
 */
export function rankFinished(history: StudyHistory): TrialRecord[] {
  const done = completedTrials(history);
  if (history.directions.length > 1) {
    const points = done.map((t) => minimizedValues(history.directions, t.values!));
    return rankByDominance(points).map((i) => done[i]!);
  }
  const sign = history.directions[0] === "maximize" ? -1 : 1;
  const complete = [...done].sort((a, b) => sign * (a.values![0]! - b.values![0]!) || a.number - b.number);
  const pruned = history.trials
    .filter((t) => t.state === "PRUNED")
    .flatMap((t) => {
      // The record's value is the last reported one; a trial pruned before reporting has neither.
      const r = lastReport(t);
      const value = t.values?.[0] ?? r?.[1];
      return value !== undefined && Number.isFinite(value) ? [{ t, step: r?.[0] ?? -1, value: sign * value }] : [];
    })
    .sort((a, b) => b.step - a.step || a.value - b.value || a.t.number - b.t.number)
    .map((p) => p.t);
  return [...complete, ...pruned];
}
