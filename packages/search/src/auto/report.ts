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

export interface PortfolioReport {
  readonly trials: number;
  readonly samplers: ArmReport[];
}

/** Each sampler's share of the trials and contribution to the study's progress, most trials first. */
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
    .map(([sampler, a]) => ({ sampler, ...a, share: n > 0 ? a.trials / n : 0, contribution: totalCredit > 0 ? a.credit / totalCredit : 0 }))
    .sort((a, b) => b.trials - a.trials || a.sampler.localeCompare(b.sampler));
  return { trials: n, samplers };
}
