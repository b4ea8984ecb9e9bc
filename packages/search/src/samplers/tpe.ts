import { isPending, type TrialRecord } from "../history.js";
import { isActive, orderedParams } from "../space/active.js";
import { contains } from "../space/transform.js";
import type { Params, SearchSpace } from "../space/types.js";
import { ParzenEstimator, parzenDim } from "../tpe/parzen.js";
import { RandomSampler } from "./random.js";
import { rankFinished } from "./ranking.js";
import type { SampleContext, Sampler } from "./sampler.js";

export interface TpeOptions {
  /** Model the parameters jointly (one kernel per trial over all of them) instead of one by one. */
  readonly multivariate?: boolean;
  /** Random sampling until this many trials have finished. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x) per decision; the one maximizing l(x)/g(x) wins. */
  readonly nEiCandidates?: number;
  /** Count running trials as bad observations so that parallel workers spread out. */
  readonly constantLiar?: boolean;
  readonly priorWeight?: number;
  /** How continuous kernels score candidates: "height" (default, as Optuna 3.1) or "density"; see ParzenOptions. */
  readonly kernelScoring?: "height" | "density";
  /** Size of the good group among n finished trials; default `tpeGamma`. */
  readonly gamma?: (n: number) => number;
}

/** Size of the "good" group among n finished trials (Optuna's default: 10%, at most 25). */
export const tpeGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/** Observation weights by age: the most recent 25 count fully, older ones ramp down linearly. */
export function tpeWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return w;
}

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011): split the finished trials into good and bad by
 * rank, model each group's parameters with a Parzen density, and propose the candidate drawn from l(x)
 * (good) that maximizes l(x)/g(x). Univariate mode models each parameter on its own (conditional parameters
 * use the trials where they were active); multivariate mode models the parameters every finished trial has
 * jointly and falls back to univariate for the rest. Multi-objective studies rank by non-dominated front
 * (MOTPE). Uses no state beyond the history.
 */
export class TpeSampler implements Sampler {
  private readonly random = new RandomSampler();
  private readonly opts: Required<TpeOptions>;

  constructor(
    opts: TpeOptions = {},
    readonly name = "tpe",
  ) {
    this.opts = {
      multivariate: opts.multivariate ?? false,
      nStartupTrials: opts.nStartupTrials ?? 10,
      nEiCandidates: opts.nEiCandidates ?? 24,
      constantLiar: opts.constantLiar ?? false,
      priorWeight: opts.priorWeight ?? 1,
      gamma: opts.gamma ?? tpeGamma,
      kernelScoring: opts.kernelScoring ?? "height",
    };
  }

  sample(ctx: SampleContext): Params {
    const { space, history, rng } = ctx;
    const ranked = rankFinished(history);
    if (ranked.length < this.opts.nStartupTrials) return this.random.sample(ctx);
    const nGood = this.opts.gamma(ranked.length);
    const byNumber = (a: TrialRecord, b: TrialRecord): number => a.number - b.number;
    const good = ranked.slice(0, nGood).sort(byNumber);
    const bad = ranked.slice(nGood);
    if (this.opts.constantLiar) bad.push(...history.trials.filter((t) => isPending(t) && t.number !== ctx.trialNumber));
    bad.sort(byNumber);

    const params: Params = {};
    if (this.opts.multivariate) {
      const joint = orderedParams(space).filter((name) => ranked.every((t) => contains(space[name]!, t.params[name])));
      if (joint.length > 0) {
        const proposal = this.propose(space, joint, good, bad, ctx);
        for (const name of joint) if (isActive(space, name, params)) params[name] = proposal[name]!;
      }
    }
    for (const name of orderedParams(space)) {
      if (name in params || !isActive(space, name, params)) continue;
      Object.assign(params, this.propose(space, [name], good, bad, ctx));
    }
    return params;
  }

  /** Draws candidates for `names` from the good density and keeps the best by log l(x) - log g(x). */
  private propose(space: SearchSpace, names: readonly string[], good: readonly TrialRecord[], bad: readonly TrialRecord[], ctx: SampleContext): Params {
    const dims = names.map((n) => parzenDim(n, space[n]!));
    // A trial contributes if it has a legal value for every parameter modelled here.
    const usable = (ts: readonly TrialRecord[]): Params[] => ts.filter((t) => names.every((n) => contains(space[n]!, t.params[n]))).map((t) => t.params);
    const goodObs = usable(good);
    const badObs = usable(bad);
    const opts = { priorWeight: this.opts.priorWeight, multivariate: this.opts.multivariate && names.length > 1, scoring: this.opts.kernelScoring };
    const l = new ParzenEstimator(dims, goodObs, tpeWeights(goodObs.length), opts);
    const g = new ParzenEstimator(dims, badObs, tpeWeights(badObs.length), opts);
    const candidates = Array.from({ length: this.opts.nEiCandidates }, () => l.sample(ctx.rng));
    const ll = l.logPdf(candidates);
    const lg = g.logPdf(candidates);
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (ll[i]! - lg[i]! > ll[best]! - lg[best]!) best = i;
    return candidates[best]!;
  }
}
