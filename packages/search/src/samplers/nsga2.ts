import type { TrialRecord } from "../history.js";
import { rankByDominance } from "../multiobjective/pareto.js";
import type { Rng } from "../rng.js";
import { isActive, orderedParams } from "../space/active.js";
import { contains, fromUnit, toUnit } from "../space/transform.js";
import type { Params } from "../space/types.js";
import { RandomSampler } from "./random.js";
import { completedTrials, minimizedValues } from "./ranking.js";
import type { SampleContext, Sampler } from "./sampler.js";

export interface Nsga2Options {
  readonly populationSize?: number;
  /** Probability that a child is produced by crossover rather than copied from its first parent. */
  readonly crossoverProb?: number;
  /** Per-parameter mutation probability; default 1 / number of parameters. */
  readonly mutationProb?: number;
}

// Distribution indices of Deb's simulated binary crossover and polynomial mutation (the usual defaults).
const ETA_CROSSOVER = 15;
const ETA_MUTATION = 20;

/** Simulated binary crossover of two unit coordinates: one child, spread around the parents. */
function sbx(a: number, b: number, rng: Rng): number {
  if (Math.abs(a - b) < 1e-14) return a;
  const r = rng.next();
  const beta = r <= 0.5 ? (2 * r) ** (1 / (ETA_CROSSOVER + 1)) : (1 / (2 * (1 - r))) ** (1 / (ETA_CROSSOVER + 1));
  const sign = rng.next() < 0.5 ? 1 : -1;
  return Math.min(1, Math.max(0, 0.5 * (a + b) + sign * 0.5 * beta * (a - b)));
}

/** Polynomial mutation of a unit coordinate. */
function polynomialMutation(x: number, rng: Rng): number {
  const r = rng.next();
  const delta = r < 0.5 ? (2 * r) ** (1 / (ETA_MUTATION + 1)) - 1 : 1 - (2 * (1 - r)) ** (1 / (ETA_MUTATION + 1));
  return Math.min(1, Math.max(0, x + delta));
}

/**
 * NSGA-II (Deb et al. 2002) for one or more objectives. Completed trials, in trial-number order, form
 * generations of `populationSize`; each generation's survivors are the best of parents and children by
 * non-dominated front and crowding distance. A new trial is a child of two binary-tournament winners
 * (SBX crossover and polynomial mutation on numeric parameters, uniform crossover and random reset on
 * categoricals). The population is replayed from the history on each call: no hidden state.
 */
export class Nsga2Sampler implements Sampler {
  readonly name = "nsga2";
  private readonly random = new RandomSampler();
  private readonly populationSize: number;
  private readonly crossoverProb: number;

  constructor(private readonly opts: Nsga2Options = {}) {
    this.populationSize = opts.populationSize ?? 50;
    this.crossoverProb = opts.crossoverProb ?? 0.9;
  }

  /** Survivors ordered best first. */
  private survivors(ctx: SampleContext, trials: readonly TrialRecord[]): TrialRecord[] {
    const points = trials.map((t) => minimizedValues(ctx.history.directions, t.values!));
    return rankByDominance(points)
      .slice(0, this.populationSize)
      .map((i) => trials[i]!);
  }

  sample(ctx: SampleContext): Params {
    const done = completedTrials(ctx.history);
    if (done.length < this.populationSize) return this.random.sample(ctx);
    let population = this.survivors(ctx, done.slice(0, this.populationSize));
    for (let start = this.populationSize; start + this.populationSize <= done.length; start += this.populationSize) {
      population = this.survivors(ctx, [...population, ...done.slice(start, start + this.populationSize)]);
    }
    // Binary tournament on rank (population is ordered best first, so the lower index wins).
    const pick = (): TrialRecord =>
      population[Math.min(ctx.rng.int(population.length), ctx.rng.int(population.length))]!;
    const a = pick();
    const b = pick();
    return this.child(ctx, a.params, b.params);
  }

  private child(ctx: SampleContext, a: Params, b: Params): Params {
    const { space, rng } = ctx;
    const names = orderedParams(space);
    const mutationProb = this.opts.mutationProb ?? 1 / Math.max(1, names.length);
    const cross = rng.next() < this.crossoverProb;
    const child: Params = {};
    for (const name of names) {
      const def = space[name]!;
      if (!isActive(space, name, child)) continue;
      const va = contains(def, a[name]) ? a[name] : undefined;
      const vb = contains(def, b[name]) ? b[name] : undefined;
      const first = va ?? vb;
      if (first === undefined || rng.next() < mutationProb) {
        // Random reset for categoricals and for parameters neither parent had; numeric ones mutate locally.
        child[name] =
          first !== undefined && def.type !== "categorical"
            ? fromUnit(def, polynomialMutation(toUnit(def, first), rng))
            : fromUnit(def, rng.next());
        continue;
      }
      const second = vb ?? first;
      if (def.type === "categorical") child[name] = cross && rng.next() < 0.5 ? second : first;
      else child[name] = cross ? fromUnit(def, sbx(toUnit(def, first), toUnit(def, second), rng)) : first;
    }
    return child;
  }
}
