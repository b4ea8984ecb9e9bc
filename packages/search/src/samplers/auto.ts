import { armOf, trialCredits, type TrialCredit } from "../strategy-selection/credit.js";
import { armPosteriors, leader, shares, thompson } from "../strategy-selection/bandit.js";
import { autoPlan, type Arm, type AutoPlan } from "../strategy-selection/rules.js";
import { isPending, type StudyHistory, type TrialRecord, type TrialStrategy } from "../history.js";
import { orderedParams } from "../space/active.js";
import type { Params, SearchSpace } from "../space/types.js";
import type { SamplerConfig } from "./config.js";
import { RandomSampler } from "./random.js";
import { completedTrials, minimizedValues } from "./ranking.js";
import type { SampleContext, Sampler, SamplerDecision } from "./sampler.js";

export interface AutoOptions {
  /** The study's trial budget (strategy.maxTrials), which the rules read; unknown in open-ended studies. */
  readonly budget?: number;
  /** Replaces the rules' candidates (tests and experiments); warm-up still comes first. */
  readonly arms?: readonly Arm[];
  /** Per-trial decay of the bandit's evidence. */
  readonly discount?: number;
}

/** Samplers that propose the same point again for the same history get pending trials as bad observations. */
const LIAR_SAMPLERS = new Set(["gp"]);

const paramsKey = (names: readonly string[], p: Params): string => JSON.stringify(names.map((n) => p[n] ?? null));

/**
 * A pending trial counts as completed with the worst value seen so far (constant liar), so that a
 * deterministic model does not propose the point it is already waiting for.
 */
function withLiar(history: StudyHistory, self: number): StudyHistory {
  const done = completedTrials(history);
  if (done.length === 0 || !history.trials.some((t) => isPending(t) && t.number !== self)) return history;
  const worst = history.directions.map((d, i) => {
    const vs = done.map((t) => minimizedValues(history.directions, t.values!)[i]!);
    const w = Math.max(...vs);
    return d === "maximize" ? -w : w;
  });
  const trials: TrialRecord[] = history.trials.map((t) =>
    isPending(t) && t.number !== self ? { ...t, state: "COMPLETE", values: worst } : t,
  );
  return { directions: history.directions, trials };
}

/** Whether `arm`'s last `patience` finished trials all failed to improve on the best before them (or to earn `progressCredit`). */
function stalled(arm: string, patience: number, progressCredit: number, credits: readonly TrialCredit[]): boolean {
  let seen = 0;
  for (let i = credits.length - 1; i >= 0 && seen < patience; i--) {
    const c = credits[i]!;
    if (c.arm !== arm) continue;
    if (c.improved || c.credit >= progressCredit) return false;
    seen++;
  }
  return seen >= patience;
}

/**
 * The portfolio sampler behind `sampler: "auto"`. The rules (strategy-selection/rules.ts) pick a warm-up design and
 * the candidate samplers from the space, the objectives and the budget; after the warm-up a discounted
 * Thompson-sampling bandit picks, for each trial, which candidate proposes it, crediting each finished
 * trial to its candidate by rank (strategy-selection/credit.ts). Which candidate proposed a trial is stored in the
 * trial's strategy (`auto:<arm>`), so the sampler's state is a function of the history: a restarted
 * scheduler rebuilds it exactly. All candidates read the whole history, so each builds on the others' finds.
 */
export class AutoSampler implements Sampler {
  readonly name = "auto";
  lastStrategy: TrialStrategy | undefined;
  lastDecision: SamplerDecision | undefined;
  private readonly samplers = new Map<string, Sampler>();
  private readonly random = new RandomSampler();
  private plans = new WeakMap<SearchSpace, AutoPlan>();
  /** Each trial's parameters as a key, computed once per record (params never change). */
  private keys = new WeakMap<TrialRecord, string>();

  constructor(
    private readonly build: (config: SamplerConfig) => Sampler,
    private readonly seed = 0,
    private readonly opts: AutoOptions = {},
  ) {}

  /** The rules' plan for a space (cached per space object). */
  plan(space: SearchSpace, history: StudyHistory): AutoPlan {
    let plan = this.plans.get(space);
    if (!plan) {
      plan = autoPlan(space, history.directions, this.opts.budget);
      if (this.opts.arms)
        plan = {
          ...plan,
          arms: this.opts.arms,
          reason: `${plan.reason} (candidates given: ${this.opts.arms.map((a) => a.key).join(", ")})`,
        };
      this.plans.set(space, plan);
    }
    return plan;
  }

  private sampler(key: string, config: SamplerConfig): Sampler {
    let s = this.samplers.get(key);
    if (!s) {
      s = this.build({ ...config, seed: this.seed });
      this.samplers.set(key, s);
    }
    return s;
  }

  sample(ctx: SampleContext): Params {
    const { space, history, trialNumber } = ctx;
    const plan = this.plan(space, history);
    const completed = completedTrials(history).length;
    const previous = [...history.trials].reverse().find((t) => t.number !== trialNumber && armOf(t) !== undefined);
    const arms = plan.arms.filter((a) => a.maxCompleted === undefined || completed < a.maxCompleted);
    const credits = trialCredits(history);
    const posteriors = armPosteriors(new Map(arms.map((a) => [a.key, a.prior])), credits, this.opts.discount);
    const share = shares(posteriors);
    this.lastDecision = undefined;

    if (completed < plan.warmup) {
      this.lastStrategy = { sampler: `auto:${plan.warmupConfig.name}`, phase: "warmup" };
      if (previous === undefined) {
        this.lastDecision = {
          trial: trialNumber,
          kind: "plan",
          to: plan.warmupConfig.name,
          reason: `${plan.reason}; ${plan.warmup} quasi-random warm-up trials first`,
          shares: share,
        };
      }
      return this.unique(ctx, this.sampler(plan.warmupConfig.name, plan.warmupConfig).sample(ctx));
    }

    const trusted = arms.find(
      (a) => a.patience !== undefined && !stalled(a.key, a.patience, a.progressCredit ?? 1, credits),
    );
    const lead = trusted ? trusted.key : leader(posteriors).key;
    const before = typeof previous?.strategy?.leader === "string" ? previous.strategy.leader : undefined;
    if (before === undefined) {
      this.lastDecision = {
        trial: trialNumber,
        kind: "bandit",
        from: previous === undefined ? undefined : plan.warmupConfig.name,
        to: lead,
        reason: trusted
          ? `${completed} trials completed: ${trusted.key} proposes every trial until ${trusted.patience} of its ` +
            `trials in a row bring no new best, then the bandit picks among ${arms.map((a) => a.key).join(", ")} ` +
            `(${plan.reason})`
          : `${completed} trials completed: the bandit now picks among ${arms.map((a) => a.key).join(", ")} (${plan.reason})`,
        shares: share,
      };
    } else if (before !== lead || (previous?.strategy?.trusted === true) !== (trusted !== undefined)) {
      const p = posteriors.find((x) => x.key === lead)!;
      const q = posteriors.find((x) => x.key === before);
      // The patience of the arm that was trusted before (a stall) or is trusted now.
      const stalledPatience = plan.arms.find((a) => a.key === before)?.patience;
      let reason: string;
      if (trusted && previous?.strategy?.trusted === true)
        reason =
          `${before} stalled (no new best in its last ${stalledPatience} trials): ${lead} is trusted next, ` +
          `until ${trusted.patience} of its trials in a row bring none`;
      else if (trusted) reason = `${lead} is trusted again: progress within its last ${trusted.patience} trials`;
      else if (previous?.strategy?.trusted === true) {
        reason =
          `${before} stalled (no new best in its last ${stalledPatience} trials): the bandit shares the trials; ` +
          `${lead} leads with mean credit ${p.mean.toFixed(3)} over ${p.trials} trials`;
      } else if (q) {
        reason =
          `${lead} leads: ${p.improvements} improvements, mean credit ${p.mean.toFixed(3)} over ${p.trials} trials; ` +
          `${before} ${q.improvements} improvements, ${q.mean.toFixed(3)} over ${q.trials}`;
      } else reason = `${before} retired (${completed} trials completed); ${lead} leads`;
      this.lastDecision = { trial: trialNumber, kind: "switch", from: before, to: lead, reason, shares: share };
    }
    // A trusted arm draws nothing from the trial's stream first, so it proposes what it would alone.
    const pick = trusted ? trusted.key : thompson(posteriors, ctx.rng).key;
    const arm = arms.find((a) => a.key === pick)!;
    const sub = LIAR_SAMPLERS.has(arm.config.name) ? { ...ctx, history: withLiar(history, trialNumber) } : ctx;
    this.lastStrategy = { sampler: `auto:${arm.key}`, leader: lead, ...(trusted ? { trusted: true } : {}) };
    return this.unique(ctx, this.sampler(arm.key, arm.config).sample(sub));
  }

  /** A proposal equal to an existing trial (a model that converged, a batch asked at once) is replaced by a random one. */
  private unique(ctx: SampleContext, params: Params): Params {
    const names = orderedParams(ctx.space);
    const keyOf = (t: TrialRecord): string => {
      let k = this.keys.get(t);
      if (k === undefined) {
        k = paramsKey(names, t.params);
        this.keys.set(t, k);
      }
      return k;
    };
    const key = paramsKey(names, params);
    if (!ctx.history.trials.some((t) => t.number !== ctx.trialNumber && keyOf(t) === key)) return params;
    this.lastStrategy = { ...this.lastStrategy, duplicateReplaced: true };
    return this.random.sample(ctx);
  }
}
