import { schedulerConfigObjectSchema, type SchedulerConfig, type TrialStrategy } from "@rectune/search";
import type { StudySpec } from "./study-spec.js";

/** The key under which a trial's strategy stores the scheduler configuration "auto" chose for it. */
export const SCHEDULER_CONFIG_KEY = "schedulerConfig";
/** ... and what that choice rested on (selectScheduler's basis: rules, calibrating, correlations). */
export const SCHEDULER_BASIS_KEY = "schedulerBasis";

/**
 * The scheduler that judges a trial's steps: the spec's, or under `scheduler: "auto"` the one chosen for
 * the trial when it was proposed, stored in its strategy — so every worker applies the same choice,
 * whichever process made it. A trial with no stored choice runs every epoch.
 */
export function trialScheduler(spec: StudySpec, strategy: TrialStrategy | null | undefined): SchedulerConfig {
  const configured = spec.strategy.scheduler;
  if (configured.name !== "auto") return configured;
  const stored = schedulerConfigObjectSchema.safeParse(strategy?.[SCHEDULER_CONFIG_KEY]);
  return stored.success ? stored.data : { name: "none" };
}
