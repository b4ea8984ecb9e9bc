import { spearman } from "../auto/rank-correlation.js";
import type { StudyHistory } from "../history.js";
import { rungSteps } from "./asha.js";
import type { SchedulerConfig } from "./config.js";

export interface SchedulerSelectionInput {
  /** The study's trial budget. */
  readonly budget: number;
  /** Epochs of a full trial (the target's steps); undefined when the target reports no curve. */
  readonly maxEpochs: number | undefined;
  /** What the study has seen so far: completed trials with their per-step values. */
  readonly history?: StudyHistory;
}

export interface SchedulerSelection {
  readonly config: SchedulerConfig;
  readonly reason: string;
  /** Rank correlation between each rung's values and the final values, where enough trials had both. */
  readonly correlations: Readonly<Record<number, number>>;
}

const ETA = 3;
/** Early values must rank the trials like their final values at least this well to prune on them. */
export const PREDICTIVE = 0.7;
/** Below this even the latest rung says too little: stop pruning. */
export const UNPREDICTIVE = 0.3;
/** Completed trials with curves needed before the correlations are trusted. */
export const MIN_CURVES = 6;

/**
 * Rank correlation, at each rung step below `maxEpochs`, between the values the completed trials
 * reported there and their final values (COMPLETE trials only: pruned ones have no final value).
 */
export function rungCorrelations(history: StudyHistory, rungs: readonly number[]): Record<number, number> {
  const sign = history.directions[0] === "maximize" ? -1 : 1;
  const done = history.trials.filter((t) => t.state === "COMPLETE" && t.values !== null && Number.isFinite(t.values[0]));
  const out: Record<number, number> = {};
  for (const step of rungs) {
    const pairs = done.flatMap((t) => {
      const v = t.intermediate.get(step);
      return v !== undefined && Number.isFinite(v) ? [[sign * v, sign * t.values![0]!] as const] : [];
    });
    if (pairs.length >= MIN_CURVES) out[step] = spearman(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  }
  return out;
}

/**
 * The scheduler behind `scheduler: "auto"`:
 * - no curve, or fewer than 4 epochs: none (nothing to stop early);
 * - before 6 trials completed with curves: ASHA (η = 3, from epoch 1) when the budget allows ≥ 30
 *   trials and ≥ 9 epochs, else the median rule after the first third of the epochs; none below 10 trials;
 * - then by the rank correlation between each rung's values and the final values: the earliest rung
 *   with ρ ≥ 0.7 becomes ASHA's minimum resource (Hyperband from epoch 1 when that is the first rung and
 *   the budget is ≥ 60 trials); if no rung reaches 0.7 but the last one reaches 0.3, the median rule from
 *   that rung on; below that, no pruning: early values do not predict final ones.
 */
export function selectScheduler({ budget, maxEpochs, history }: SchedulerSelectionInput): SchedulerSelection {
  if (maxEpochs === undefined || maxEpochs < 4) {
    return { config: { name: "none" }, reason: `${maxEpochs ?? "no"} epochs: nothing to stop early`, correlations: {} };
  }
  const rungs = rungSteps({ minResource: 1, maxResource: maxEpochs, reductionFactor: ETA });
  const correlations = history ? rungCorrelations(history, rungs) : {};
  const measured = rungs.filter((r) => r in correlations);
  const asha = (minResource: number): SchedulerConfig => ({ name: "asha", minResource, maxResource: maxEpochs, reductionFactor: ETA });
  const median = (from: number): SchedulerConfig => ({ name: "median", warmupSteps: from, minTrials: 5, interval: 1 });

  if (measured.length === 0) {
    if (budget >= 30 && maxEpochs >= 9) return { config: asha(1), reason: `budget ${budget}, ${maxEpochs} epochs, no curves yet: ASHA from epoch 1`, correlations };
    if (budget >= 10) {
      const from = Math.ceil(maxEpochs / 3);
      return { config: median(from), reason: `budget ${budget}, ${maxEpochs} epochs, no curves yet: median rule from epoch ${from}`, correlations };
    }
    return { config: { name: "none" }, reason: `budget ${budget} < 10: too few trials to compare`, correlations };
  }
  const fmt = (r: number): string => `ρ(epoch ${r}) = ${correlations[r]!.toFixed(2)}`;
  const first = measured.find((r) => correlations[r]! >= PREDICTIVE);
  if (first !== undefined) {
    if (first === rungs[0] && budget >= 60) return { config: { name: "hyperband", minResource: 1, maxResource: maxEpochs, reductionFactor: ETA }, reason: `${fmt(first)} ≥ ${PREDICTIVE}: early epochs predict, Hyperband`, correlations };
    return { config: asha(first), reason: `${fmt(first)} ≥ ${PREDICTIVE}: ASHA from epoch ${first}`, correlations };
  }
  const last = measured.at(-1)!;
  if (correlations[last]! >= UNPREDICTIVE) {
    return { config: median(last), reason: `no rung reaches ρ ${PREDICTIVE}; ${fmt(last)}: median rule from epoch ${last}`, correlations };
  }
  return { config: { name: "none" }, reason: `${fmt(last)} < ${UNPREDICTIVE}: early values do not predict final ones, no pruning`, correlations };
}
