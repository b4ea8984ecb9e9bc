/**
 * Scoring a study on a suite problem, the same way for every sampler (ours in-process, Optuna's over the
 * driver): each trial observes f (+ noise drawn from the run seed and trial number, so every sampler's n-th
 * trial gets the same draw), and after n trials the study reports the noise-free f of its best observed trial.
 */
import { createRng, deriveSeed, type Params } from "../../src/index.js";
import type { SuiteProblem } from "./problem.js";

/** A stream id for the noise, apart from the samplers' streams. */
const NOISE_STREAM = 0x6e6f6973;

export class StudyScore {
  private bestObserved = Infinity;
  /** trace[n - 1]: the noise-free value of the best observed trial among the first n. */
  readonly trace: number[] = [];

  constructor(
    private readonly problem: SuiteProblem,
    private readonly seed: number,
  ) {}

  /** Evaluates trial `n`'s configuration; returns what the sampler observes. */
  observe(params: Params): number {
    const n = this.trace.length;
    const truth = this.problem.f(params);
    let observed = truth;
    if (this.problem.noiseSd) {
      const rng = createRng(deriveSeed(NOISE_STREAM, this.seed, n));
      observed = truth + this.problem.noiseSd(params, truth) * rng.normal();
    }
    const prev = this.trace.at(-1) ?? Infinity;
    if (observed < this.bestObserved) {
      this.bestObserved = observed;
      this.trace.push(truth);
    } else this.trace.push(prev);
    return observed;
  }
}
