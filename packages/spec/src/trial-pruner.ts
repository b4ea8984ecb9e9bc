import { prunerConfigObjectSchema, type PrunerConfig, type TrialStrategy } from "@rectune/search";
import type { StudySpec } from "./study-spec.js";

/**
 * The pruner that judges a trial's steps: the spec's, or under `pruner: "auto"` the one chosen for
 * the trial when it was proposed, stored in its strategy (`prunerConfig`) — so every worker applies the
 * same choice, whichever process made it. A trial with no stored choice runs every epoch.
 */
export function trialPruner(spec: StudySpec, strategy: TrialStrategy | null | undefined): PrunerConfig {
  const configured = spec.strategy.pruner;
  if (configured.name !== "auto") return configured;
  const stored = prunerConfigObjectSchema.safeParse(strategy?.prunerConfig);
  return stored.success ? stored.data : { name: "none" };
}
