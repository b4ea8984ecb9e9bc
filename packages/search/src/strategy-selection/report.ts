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
