import { spearman } from "../strategy-selection/rank-correlation.js";
import type { StudyHistory } from "../history.js";
import { rungSteps } from "./asha.js";
import type { PrunerConfig } from "./config.js";

export interface PrunerSelectionInput {
  /** The study's trial budget. */
  readonly budget: number;
  /** Epochs of a full trial (the target's steps); undefined when the target reports no curve. */
  readonly maxEpochs: number | undefined;
  /** The target reports every this many epochs (and after the last): rungs must fall on reported steps. Default 1. */
  readonly reportEvery?: number;
  /** What the study has seen so far: its trials with their values at the rung steps (`autoRungs`). */
  readonly history?: StudyHistory;
}

export interface PrunerSelection {
  readonly config: PrunerConfig;
  /**
   * What decided: the budget and epochs alone ("rules": nothing to prune), the calibration trials still
   * running ("calibrating"), or the measured rank correlations ("correlations").
   */
  readonly basis: "rules" | "calibrating" | "correlations";
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
/** Fewer trials than this leave too few to compare: no pruning. */
export const MIN_BUDGET = 10;
/** Targets with fewer epochs than this have nothing to stop early. */
export const MIN_EPOCHS = 4;

/** Whether the budget and the epochs leave anything to prune; if not, the history cannot change the choice (none). */
export const canPrune = ({ budget, maxEpochs }: PrunerSelectionInput): boolean =>
  maxEpochs !== undefined && maxEpochs >= MIN_EPOCHS && budget >= MIN_BUDGET;

/**
 * The steps whose values `selectPruner` compares with the final values: η = 3 rungs from the first
 * reported step (epoch 1, or `reportEvery`), so every rung is a step the target reports.
 */
export const autoRungs = (maxEpochs: number, reportEvery = 1): number[] =>
  rungSteps({ minResource: reportEvery, maxResource: maxEpochs, reductionFactor: ETA });

/**
 * Rank correlation, at each rung step below `maxEpochs`, between the values the completed trials
 * reported there and their final values (COMPLETE trials only: pruned ones have no final value).
 */
export function rungCorrelations(history: StudyHistory, rungs: readonly number[]): Record<number, number> {
  const sign = history.directions[0] === "maximize" ? -1 : 1;
  const done = history.trials.filter(
    (t) => t.state === "COMPLETE" && t.values !== null && Number.isFinite(t.values[0]),
  );
  const out: Record<number, number> = {};
  for (const step of rungs) {
    const pairs = done.flatMap((t) => {
      const v = t.intermediate.get(step);
      return v !== undefined && Number.isFinite(v) ? [[sign * v, sign * t.values![0]!] as const] : [];
    });
    if (pairs.length >= MIN_CURVES)
      out[step] = spearman(
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      );
  }
  return out;
}

/** A short name of a pruner configuration, for decision logs: "asha(1..27, η 3)", "median(from 9)". */
export function prunerLabel(config: PrunerConfig): string {
  switch (config.name) {
    case "asha":
    case "hyperband":
      return `${config.name}(${config.minResource}..${config.maxResource}, η ${config.reductionFactor})`;
    case "median":
    case "percentile":
      return `${config.name}(from epoch ${config.warmupSteps})`;
    default:
      return config.name;
  }
}

/**
 * The pruner behind `pruner: "auto"`, a function of the budget, the epochs and the study's
 * trials, so every process that reads the same store rows chooses the same:
 * - no curve, fewer than 4 epochs or a budget under 10 trials: none (nothing to stop early, or too few
 *   trials to compare);
 * - until 6 trials completed with curves: none. These calibration trials run every epoch, because
 *   whether early epochs predict the final value can only be measured on trials that reached the end
 *   (pruning first would also leave only the survivors to measure it on);
 * - then by the rank correlation ρ between each rung's values (η = 3 from the first reported epoch) and
 *   the final values:
 *   the earliest rung with ρ ≥ 0.7 is where pruning starts — Hyperband (brackets from that epoch) when it is
 *   the first rung and the budget is ≥ 60 trials, else ASHA from that rung when the budget is ≥ 30 trials and
 *   there are ≥ 9 epochs, else the median rule from that rung; if no rung reaches 0.7 but the last one
 *   reaches 0.3, the median rule from that rung (prunes only the clearly bad half, late); below that, no
 *   pruning: early values do not predict final ones.
 */
export function selectPruner({ budget, maxEpochs, reportEvery = 1, history }: PrunerSelectionInput): PrunerSelection {
  const none = (
    basis: PrunerSelection["basis"],
    reason: string,
    correlations: Record<number, number> = {},
  ): PrunerSelection => ({ config: { name: "none" }, basis, reason, correlations });
  if (maxEpochs === undefined || maxEpochs < MIN_EPOCHS)
    return none("rules", `${maxEpochs ?? "no"} epochs: nothing to stop early`);
  if (budget < MIN_BUDGET) return none("rules", `budget ${budget} < ${MIN_BUDGET}: too few trials to compare`);
  const rungs = autoRungs(maxEpochs, reportEvery);
  const correlations = history ? rungCorrelations(history, rungs) : {};
  const measured = rungs.filter((r) => r in correlations);
  if (measured.length === 0) {
    return none(
      "calibrating",
      `calibrating: the first ${MIN_CURVES} trials to complete run all ${maxEpochs} epochs, ` +
        "to measure how well early epochs predict the final value",
      correlations,
    );
  }
  const fmt = (r: number): string => `ρ(epoch ${r}, final) = ${correlations[r]!.toFixed(2)}`;
  const median = (from: number): PrunerConfig => ({ name: "median", warmupSteps: from, minTrials: 5, interval: 1 });
  const first = measured.find((r) => correlations[r]! >= PREDICTIVE);
  if (first !== undefined) {
    const why = `${fmt(first)} ≥ ${PREDICTIVE}, budget ${budget}, ${maxEpochs} epochs`;
    if (first === rungs[0] && budget >= 60) {
      return {
        config: { name: "hyperband", minResource: first, maxResource: maxEpochs, reductionFactor: ETA },
        basis: "correlations",
        reason: `${why}: early epochs predict, Hyperband`,
        correlations,
      };
    }
    if (budget >= 30 && maxEpochs >= 9) {
      return {
        config: { name: "asha", minResource: first, maxResource: maxEpochs, reductionFactor: ETA },
        basis: "correlations",
        reason: `${why}: ASHA from epoch ${first}`,
        correlations,
      };
    }
    return {
      config: median(first),
      basis: "correlations",
      reason: `${why}: median rule from epoch ${first}`,
      correlations,
    };
  }
  const last = measured.at(-1)!;
  if (correlations[last]! >= UNPREDICTIVE) {
    return {
      config: median(last),
      basis: "correlations",
      reason: `no rung reaches ρ ${PREDICTIVE}; ${fmt(last)}: median rule from epoch ${last}`,
      correlations,
    };
  }
  return none(
    "correlations",
    `${fmt(last)} < ${UNPREDICTIVE}: early values do not predict final ones, no pruning`,
    correlations,
  );
}
