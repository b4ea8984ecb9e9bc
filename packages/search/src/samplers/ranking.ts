import type { Direction, StudyHistory, TrialRecord } from "../history.js";
import { rankByDominance } from "../multiobjective/pareto.js";
import { sortPositionsByValue } from "../math/sorted.js";

/** Objective values turned into minimization (maximized objectives negated). */
export function minimizedValues(directions: readonly Direction[], values: readonly number[]): number[] {
  return values.map((v, i) => (directions[i] === "maximize" ? -v : v));
}

/** COMPLETE trials whose values are all finite and match the study's objectives. */
export function completedTrials(history: StudyHistory): TrialRecord[] {
  return history.trials.filter((t) => isCompleted(t, history.directions.length));
}

/** The last reported step and value of a trial, if it reported any. */
function lastReport(t: TrialRecord): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const [step, value] of t.intermediate)
    if (Number.isFinite(value) && (!best || step > best[0])) best = [step, value];
  return best;
}

/**
 * Finished trials ordered best first, the order TPE splits into "good" and "bad". Single objective (as in
 * Optuna): COMPLETE trials by value, then PRUNED trials, those that got further first and, at equal steps,
 * by their last intermediate value — a pruned trial is evidence, just weaker than a finished one.
 * Multi-objective: COMPLETE trials by non-dominated front, then crowding distance.
 */
export function rankFinished(history: StudyHistory): TrialRecord[] {
  return Array.from(rankedPositions(history), (i) => history.trials[i]!);
}

const isCompleted = (t: TrialRecord, objectives: number): boolean =>
  t.state === "COMPLETE" && t.values !== null && t.values.length === objectives && t.values.every(Number.isFinite);

/** rankFinished as positions in `history.trials` (TPE's hot path works on positions). */
export function rankedPositions(history: StudyHistory): Int32Array {
  const trials = history.trials;
  const objectives = history.directions.length;
  const done: number[] = [];
  for (let i = 0; i < trials.length; i++) if (isCompleted(trials[i]!, objectives)) done.push(i);
  if (objectives > 1) {
    const points = done.map((i) => minimizedValues(history.directions, trials[i]!.values!));
    return Int32Array.from(rankByDominance(points), (r) => done[r]!);
  }
  const sign = history.directions[0] === "maximize" ? -1 : 1;
  const complete = sortPositionsByValue(
    done,
    Float64Array.from(done, (i) => sign * trials[i]!.values![0]!),
  );
  const pruned: { i: number; step: number; value: number }[] = [];
  trials.forEach((t, i) => {
    if (t.state !== "PRUNED") return;
    // The record's value is the last reported one; a trial pruned before reporting has neither.
    const r = lastReport(t);
    const v = t.values?.[0] ?? r?.[1];
    if (v !== undefined && Number.isFinite(v)) pruned.push({ i, step: r?.[0] ?? -1, value: sign * v });
  });
  if (pruned.length === 0) return complete;
  pruned.sort((a, b) => b.step - a.step || a.value - b.value || a.i - b.i);
  const out = new Int32Array(complete.length + pruned.length);
  out.set(complete);
  pruned.forEach((p, j) => (out[complete.length + j] = p.i));
  return out;
}
