import { maximizeLogEi } from "../gp/acquisition.js";
import { GpEncoding } from "../gp/encoding.js";
import { fitHyper, GpPosterior, type GpHyper } from "../gp/model.js";
import type { StudyHistory, TrialRecord } from "../history.js";
import { isActive, orderedParams } from "../space/active.js";
import { contains, fromUnit } from "../space/transform.js";
import type { Params } from "../space/types.js";
import { QmcSampler } from "./qmc.js";
import { completedTrials, minimizedValues } from "./ranking.js";
import type { SampleContext, Sampler } from "./sampler.js";

export interface GpOptions {
  /** Quasi-random (Sobol') sampling until this many trials have completed. */
  readonly nStartupTrials?: number;
  /** At most this many trials condition the GP (the best half and the most recent rest): bounds the O(n³). */
  readonly maxPoints?: number;
  /** The kernel hyperparameters are fitted on at most this many of them. */
  readonly maxFitPoints?: number;
  /** L-BFGS iterations of the hyperparameter fit. */
  readonly fitIterations?: number;
}

/** Keeps the `cap` most useful of `n` indices sorted best first: the best half, then the most recent. */
function selectPoints(order: readonly number[], numbers: readonly number[], cap: number): number[] {
  if (order.length <= cap) return [...order];
  const keep = new Set(order.slice(0, Math.ceil(cap / 2)));
  const recent = [...order].sort((a, b) => numbers[b]! - numbers[a]!);
  for (const i of recent) {
    if (keep.size >= cap) break;
    keep.add(i);
  }
  return [...keep].sort((a, b) => a - b);
}

/**
 * Gaussian-process Bayesian optimization: a Matérn-5/2 GP with one lengthscale per input (inputs in [0, 1],
 * categoricals one-hot, outputs standardized), hyperparameters by maximum marginal likelihood (bounded
 * L-BFGS, capped points and iterations), and the next trial maximizing log expected improvement. Parameters
 * some completed trial lacks (conditional ones) are sampled at random. Single objective only.
 */
export class GpSampler implements Sampler {
  readonly name = "gp";
  private readonly opts: Required<GpOptions>;
  private readonly startup: QmcSampler;
  private readonly startupWide: QmcSampler;
  /** The last fit on a prefix of the history (refitPoint), and the trials it was fitted on. */
  private lastFit: { key: string; hyper: GpHyper } | undefined;

  constructor(opts: GpOptions = {}, seed = 0) {
    this.opts = {
      nStartupTrials: opts.nStartupTrials ?? 10,
      maxPoints: opts.maxPoints ?? 300,
      maxFitPoints: opts.maxFitPoints ?? 64,
      fitIterations: opts.fitIterations ?? 25,
    };
    this.startup = new QmcSampler("sobol", seed);
    this.startupWide = new QmcSampler("halton", seed);
  }

  sample(ctx: SampleContext): Params {
    const { space, history, rng } = ctx;
    if (history.directions.length !== 1) {
      throw new RangeError("the gp sampler optimizes a single objective; use nsga2 or motpe");
    }
    const done = completedTrials(history);
    const names = orderedParams(space);
    if (done.length < this.opts.nStartupTrials) {
      return (names.length <= 32 ? this.startup : this.startupWide).sample(ctx);
    }
    const modelled = names.filter((n) => done.every((t) => contains(space[n]!, t.params[n])));
    const params: Params = modelled.length > 0 ? this.propose(ctx, modelled, done) : {};
    for (const name of names) {
      if (!isActive(space, name, params)) delete params[name];
      else if (!(name in params)) params[name] = fromUnit(space[name]!, rng.next());
    }
    return params;
  }

  private propose(ctx: SampleContext, names: readonly string[], done: readonly TrialRecord[]): Params {
    const enc = new GpEncoding(ctx.space, names);
    const { xs, y, fitIdx } = this.data(enc, done, ctx.history.directions);
    // Past the fit cap every ask goes through fitPrefix, the refit points included, so the fit made at a
    // refit point is the one the following asks find remembered (not fitted again on the next ask).
    const hyper =
      done.length <= this.opts.maxFitPoints
        ? this.fit(
            fitIdx.map((j) => xs[j]!),
            Float64Array.from(fitIdx, (j) => y[j]!),
          )
        : this.fitPrefix(enc, names, done, refitPoint(done.length, this.opts.maxFitPoints), ctx.history.directions);
    const gp = new GpPosterior(xs, y, hyper);
    const ranked = Array.from(y.keys()).sort((a, b) => y[a]! - y[b]! || a - b);
    const best = y[ranked[0]!]!;
    const incumbents = ranked.slice(0, 3).map((j) => xs[j]!);
    const x = maximizeLogEi(gp, enc, best, incumbents, ctx.rng, { nRandom: 256, nLocal: 3, localIterations: 20 });
    return enc.decode(x);
  }

  /** The GP's inputs and standardized outputs (at most maxPoints), and which of them the fit uses. */
  private data(
    enc: GpEncoding,
    done: readonly TrialRecord[],
    directions: StudyHistory["directions"],
  ): { xs: Float64Array[]; y: Float64Array; fitIdx: number[] } {
    const ys = done.map((t) => minimizedValues(directions, t.values!)[0]!);
    const order = ys.map((_, i) => i).sort((a, b) => ys[a]! - ys[b]! || a - b);
    const numbers = done.map((t) => t.number);
    const used = selectPoints(order, numbers, this.opts.maxPoints);
    const xs = used.map((i) => enc.encode(done[i]!.params));
    const y = standardize(used.map((i) => ys[i]!));
    const fitIdx = selectPoints(
      used.map((_, j) => j).sort((a, b) => y[a]! - y[b]! || a - b),
      used.map((i) => numbers[i]!),
      this.opts.maxFitPoints,
    );
    return { xs, y, fitIdx };
  }

  private fit(xs: readonly Float64Array[], y: Float64Array): GpHyper {
    return fitHyper(xs, y, this.opts.fitIterations);
  }

  /**
   * The hyperparameters fitted on the first `count` completed trials (by trial number), remembered for the
   * asks until the next refit point: the key is those trials' numbers and values, so a different history
   * never reads another's fit.
   */
  private fitPrefix(
    enc: GpEncoding,
    names: readonly string[],
    done: readonly TrialRecord[],
    count: number,
    directions: StudyHistory["directions"],
  ): GpHyper {
    const prefix = [...done].sort((a, b) => a.number - b.number).slice(0, count);
    const key = JSON.stringify([names, prefix.map((t) => [t.number, t.values![0]])]);
    if (this.lastFit?.key === key) return this.lastFit.hyper;
    const { xs, y, fitIdx } = this.data(enc, prefix, directions);
    const hyper = this.fit(
      fitIdx.map((j) => xs[j]!),
      Float64Array.from(fitIdx, (j) => y[j]!),
    );
    this.lastFit = { key, hyper };
    return hyper;
  }
}

/**
 * The completed-trial count whose trials the kernel hyperparameters are fitted on: every count while the fit
 * set is still growing (up to `maxFitPoints`), then only each time the count has grown by a sixteenth. The
 * fit is half of an ask's cost and the lengthscales move little from one trial to the next once there are
 * many: from 64 to 200 trials this fits 21 times instead of 136. A pure function of the count, so the
 * hyperparameters stay a function of the history (a restarted scheduler fits the same ones).
 */
export function refitPoint(count: number, maxFitPoints: number): number {
  if (count <= maxFitPoints) return count;
  let p = maxFitPoints;
  for (let next = p + Math.max(1, Math.floor(p / 16)); next <= count; next = p + Math.max(1, Math.floor(p / 16)))
    p = next;
  return p;
}

/** Zero mean, unit variance (a constant series maps to zeros). */
function standardize(v: readonly number[]): Float64Array {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) || 1;
  return Float64Array.from(v, (x) => (x - mean) / sd);
}
