import type { StudyHistory } from "../history.js";
import { trialCredits } from "./credit.js";

/** One sampler's part in a study. */
export interface ArmReport {
  /** As stored in the trials' strategy: "auto:gp", "auto:qmc", "tpe", "warm-start", ... */
  readonly sampler: string;
  readonly trials: number;
  /** Its fraction of the study's trials. */
  readonly share: number;
  /** Finished trials that beat every earlier one. */
  readonly improvements: number;
  /** Summed rank credit of its finished trials (see trialCredits). */
  readonly credit: number;
  /** Its fraction of all the credit earned. */
  readonly contribution: number;
}

/** One pruner's part in a study (under pruner "auto", what it chose per trial). */
export interface PrunerReport {
  /** As stored in the trials' strategy: "none", "median", "asha", "hyperband", ... */
  readonly pruner: string;
  readonly trials: number;
  readonly share: number;
  /** Of its trials, how many it stopped early. */
  readonly pruned: number;
}

export interface PortfolioReport {
  readonly trials: number;
  readonly samplers: ArmReport[];
  readonly pruners: PrunerReport[];
}

/**
 * Each sampler's share of the trials and contribution to the study's progress, and each pruner's
 * share of the trials and how many it pruned; most trials first.
 */
export function portfolioReport(history: StudyHistory): PortfolioReport {
  const credits = new Map(trialCredits(history).map((c) => [c.number, c]));
  const acc = new Map<string, { trials: number; improvements: number; credit: number }>();
  for (const t of history.trials) {
    const key = typeof t.strategy?.sampler === "string" ? t.strategy.sampler : "unknown";
    const a = acc.get(key) ?? { trials: 0, improvements: 0, credit: 0 };
    const c = credits.get(t.number);
    a.trials++;
    if (c?.improved) a.improvements++;
    a.credit += c?.credit ?? 0;
    acc.set(key, a);
  }
  const n = history.trials.length;
  const totalCredit = [...acc.values()].reduce((s, a) => s + a.credit, 0);
  const samplers = [...acc.entries()]
    .map(([sampler, a]) => ({
      sampler,
      ...a,
      share: n > 0 ? a.trials / n : 0,
      contribution: totalCredit > 0 ? a.credit / totalCredit : 0,
    }))
    .sort((a, b) => b.trials - a.trials || a.sampler.localeCompare(b.sampler));
  const byPruners = new Map<string, { trials: number; pruned: number }>();
  for (const t of history.trials) {
    const key = typeof t.strategy?.pruner === "string" ? t.strategy.pruner : "unknown";
    const a = byPruners.get(key) ?? { trials: 0, pruned: 0 };
    a.trials++;
    if (t.state === "PRUNED") a.pruned++;
    byPruners.set(key, a);
  }
  const pruners = [...byPruners.entries()]
    .map(([pruner, a]) => ({ pruner, ...a, share: n > 0 ? a.trials / n : 0 }))
    .sort((a, b) => b.trials - a.trials || a.pruner.localeCompare(b.pruner));
  return { trials: n, samplers, pruners };
}

/** How the budget went to one value of a categorical parameter (a model family, an optimizer). */
export interface SplitReport {
  readonly value: string;
  readonly trials: number;
  readonly share: number;
  readonly complete: number;
  readonly pruned: number;
  readonly failed: number;
  /** Finished trials that beat every earlier one. */
  readonly improvements: number;
  /** Its fraction of all the rank credit earned (see trialCredits). */
  readonly contribution: number;
  /** The best first-objective value of its COMPLETE trials. */
  readonly best: number | null;
  /** The first trial that took this value. */
  readonly firstTrial: number;
}

/** The study's trials split by the value of `parameter`: how many each value got and what it brought. */
export function parameterSplit(history: StudyHistory, parameter: string): SplitReport[] {
  const credits = new Map(trialCredits(history).map((c) => [c.number, c]));
  const sign = history.directions[0] === "maximize" ? 1 : -1;
  const acc = new Map<string, Omit<SplitReport, "value" | "share" | "contribution"> & { credit: number }>();
  for (const t of history.trials) {
    const key = String(t.params[parameter] ?? "(none)");
    const a = acc.get(key) ?? {
      trials: 0,
      complete: 0,
      pruned: 0,
      failed: 0,
      improvements: 0,
      credit: 0,
      best: null,
      firstTrial: t.number,
    };
    const c = credits.get(t.number);
    const value = t.values?.[0];
    acc.set(key, {
      trials: a.trials + 1,
      complete: a.complete + (t.state === "COMPLETE" ? 1 : 0),
      pruned: a.pruned + (t.state === "PRUNED" ? 1 : 0),
      failed: a.failed + (t.state === "FAILED" ? 1 : 0),
      improvements: a.improvements + (c?.improved ? 1 : 0),
      credit: a.credit + (c?.credit ?? 0),
      best:
        t.state === "COMPLETE" && value !== undefined && (a.best === null || sign * value > sign * a.best)
          ? value
          : a.best,
      firstTrial: Math.min(a.firstTrial, t.number),
    });
  }
  const n = history.trials.length;
  const totalCredit = [...acc.values()].reduce((s, a) => s + a.credit, 0);
  return [...acc.entries()]
    .map(([value, { credit, ...a }]) => ({
      value,
      ...a,
      share: n > 0 ? a.trials / n : 0,
      contribution: totalCredit > 0 ? credit / totalCredit : 0,
    }))
    .sort((a, b) => b.trials - a.trials || a.value.localeCompare(b.value));
}
