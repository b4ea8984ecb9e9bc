import { cheapFamiliesOf, FAMILY_PARAM, type StudySpec } from "@rectune/spec";
import type { DecisionInput } from "@rectune/store";

/** Share of the budget each cheap family with hyperparameters gets before the sampler takes over. */
const SWEEP_SHARE = 0.06;

/**
 * Under `sampler: auto`, a study over several families spends its first trials on the cheap ones
 * (Pop, ItemKNN, EASE: closed-form, one pass each): one trial for a family with nothing to tune, about
 * 6 % of the budget (at least 2) for the others, at most a third of the budget in all. They cost seconds
 * and set the bar the gradient-trained families must beat; the sampler then sees the family as a
 * categorical among the rest. Returns the family of each of those first trials, in order.
 */
export function familySweep(spec: StudySpec): string[] {
  if (spec.strategy.sampler.name !== "auto") return [];
  const choices = spec.space[FAMILY_PARAM];
  const allowed = choices?.type === "categorical" ? choices.choices.map(String) : [];
  const budget = spec.strategy.maxTrials;
  const perTuned = Math.max(2, Math.round(budget * SWEEP_SHARE));
  const sweep = cheapFamiliesOf(spec)
    .filter((family) => allowed.includes(family))
    .flatMap((family) => {
      const tuned = Object.entries(spec.space).some(
        ([name, def]) => name !== FAMILY_PARAM && (def.when?.[FAMILY_PARAM] ?? []).map(String).includes(family),
      );
      return Array.from({ length: tuned ? perTuned : 1 }, () => family);
    });
  return sweep.slice(0, Math.floor(budget / 3));
}

/** The decision log's entry for the sweep: which families went first, with how many trials, and why. */
export function familySweepDecision(sweep: readonly string[], firstTrial: number): DecisionInput {
  const counts = new Map<string, number>();
  for (const f of sweep) counts.set(f, (counts.get(f) ?? 0) + 1);
  return {
    trial: firstTrial,
    kind: "families",
    to: "cheap-first",
    reason:
      `cheap families first: ${[...counts].map(([f, n]) => `${f} ×${n}`).join(", ")} ` +
      `(closed-form, one pass each: they set the bar in seconds); then the sampler chooses the family among all`,
    shares: Object.fromEntries([...counts].map(([f, n]) => [f, n / sweep.length])),
  };
}
