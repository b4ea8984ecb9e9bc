import { CmaState } from "../cmaes/state.js";
import { isActive, orderedParams } from "../space/active.js";
import { contains, fromUnit, toUnit } from "../space/transform.js";
import type { Params, SearchSpace } from "../space/types.js";
import { completedTrials, minimizedValues } from "./ranking.js";
import type { SampleContext, Sampler } from "./sampler.js";

export interface CmaEsOptions {
  /** Initial step size in unit coordinates (the box is [0, 1] per parameter). */
  readonly sigma0?: number;
  /** Population size of the first run; IPOP doubles it at each restart. */
  readonly popsize?: number;
  /** Restart with a doubled population when a run converges (IPOP-CMA-ES). */
  readonly restarts?: boolean;
}

/** The parameters CMA-ES models: numeric and unconditional. The rest are sampled independently. */
export function cmaParams(space: SearchSpace): string[] {
  return orderedParams(space).filter((n) => space[n]!.type !== "categorical" && space[n]!.when === undefined);
}

/**
 * CMA-ES over the numeric parameters in unit coordinates, with IPOP restarts. The sampler keeps no state:
 * each call replays the completed trials in trial-number order, λ at a time, through a fresh CMA-ES, and
 * samples the next point from the resulting distribution — so a restarted scheduler proposes exactly what
 * the old one would have. Categorical and conditional parameters are sampled uniformly at random.
 */
export class CmaEsSampler implements Sampler {
  readonly name = "cmaes";

  /**
   * The state after the last replay and the (trial number, value) pairs it consumed. Replaying the same
   * prefix always yields the same state, so a later call whose history starts with that prefix resumes from
   * it: the answer equals a fresh instance's, at O(new trials) instead of O(all trials) per ask.
   */
  private checkpoint:
    { key: string; consumed: { number: number; value: number }[]; state: CmaState; restarts: number } | undefined;

  constructor(private readonly opts: CmaEsOptions = {}) {}

  private replay(ctx: SampleContext, names: readonly string[]): CmaState {
    const n = names.length;
    const base = this.opts.popsize ?? 4 + Math.floor(3 * Math.log(n));
    const sigma0 = this.opts.sigma0 ?? 1 / 6;
    const usable = completedTrials(ctx.history).filter((t) =>
      names.every((name) => contains(ctx.space[name]!, t.params[name])),
    );
    const values = usable.map((t) => minimizedValues(ctx.history.directions, t.values!)[0]!);
    const key = JSON.stringify([names.map((name) => [name, ctx.space[name]]), base, sigma0, this.opts.restarts]);
    const cp = this.checkpoint;
    const resumable =
      cp !== undefined &&
      cp.key === key &&
      cp.consumed.length <= usable.length &&
      cp.consumed.every((c, i) => usable[i]!.number === c.number && values[i] === c.value);
    const consumed = resumable ? cp.consumed : [];
    let state = resumable ? cp.state : new CmaState(n, base, sigma0);
    let restarts = resumable ? cp.restarts : 0;
    let start = consumed.length;
    while (start + state.lambda <= usable.length) {
      const generation = usable.slice(start, start + state.lambda).map((t, j) => ({
        x: Float64Array.from(names, (name) => Math.min(1, Math.max(0, toUnit(ctx.space[name]!, t.params[name]!)))),
        value: values[start + j]!,
      }));
      state.tell(generation);
      for (let j = 0; j < generation.length; j++)
        consumed.push({ number: usable[start + j]!.number, value: values[start + j]! });
      start += generation.length;
      if (this.opts.restarts !== false && state.shouldStop()) {
        restarts++;
        state = new CmaState(n, base * 2 ** restarts, sigma0);
      }
    }
    this.checkpoint = { key, consumed, state, restarts };
    return state;
  }

  sample(ctx: SampleContext): Params {
    const { space, rng } = ctx;
    if (ctx.history.directions.length !== 1) {
      throw new RangeError("the cmaes sampler optimizes a single objective; use nsga2 or motpe");
    }
    const names = cmaParams(space);
    const params: Params = {};
    if (names.length > 0) {
      const x = this.replay(ctx, names).sample(rng);
      names.forEach((name, i) => (params[name] = fromUnit(space[name]!, x[i]!)));
    }
    for (const name of orderedParams(space)) {
      if (!(name in params) && isActive(space, name, params)) params[name] = fromUnit(space[name]!, rng.next());
    }
    return params;
  }
}
