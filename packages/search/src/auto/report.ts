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

/** One early-stopping scheduler's part in a study (under scheduler "auto", what it chose per trial). */
export interface SchedulerReport {
  /** As stored in the trials' strategy: "none", "median", "asha", "hyperband", ... */
  readonly scheduler: string;
  readonly trials: number;
  readonly share: number;
  /** Of its trials, how many it stopped early. */
  readonly pruned: number;
}

export interface PortfolioReport {
  readonly trials: number;
  readonly samplers: ArmReport[];
  readonly schedulers: SchedulerReport[];
}

/**
 * Each sampler's share of the trials and contribution to the study's progress, and each scheduler's
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
  const bySchedulers = new Map<string, { trials: number; pruned: number }>();
  for (const t of history.trials) {
    const key = typeof t.strategy?.scheduler === "string" ? t.strategy.scheduler : "unknown";
    const a = bySchedulers.get(key) ?? { trials: 0, pruned: 0 };
    a.trials++;
    if (t.state === "PRUNED") a.pruned++;
    bySchedulers.set(key, a);
  }
  const schedulers = [...bySchedulers.entries()]
    .map(([scheduler, a]) => ({ scheduler, ...a, share: n > 0 ? a.trials / n : 0 }))
    .sort((a, b) => b.trials - a.trials || a.scheduler.localeCompare(b.scheduler));
  return { trials: n, samplers, schedulers };
}
