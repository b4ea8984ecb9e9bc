import type { Rng } from "../rng.js";
import type { TrialCredit } from "./credit.js";

/** The bandit's belief about one arm: a Beta posterior over its (discounted) per-trial credit. */
export interface ArmPosterior {
  readonly key: string;
  readonly alpha: number;
  readonly beta: number;
  /** Posterior mean of the credit per trial. */
  readonly mean: number;
  /** Finished trials it proposed, and their summed credit (undiscounted, for reports). */
  readonly trials: number;
  readonly credit: number;
  readonly improvements: number;
}

/**
 * Each observation's weight shrinks by this factor for every later trial of the same arm: an arm is
 * judged on its last twenty or so trials, so one that stops earning credit loses its lead, and one that
 * is rarely picked keeps its (bad) record instead of drifting back to the prior.
 */
export const DISCOUNT = 0.95;

/**
 * Discounted Beta-Bernoulli posteriors (credits in [0, 1] count as fractional successes). `priors` gives
 * each arm's pseudo-successes; every arm also starts with one pseudo-failure.
 */
export function armPosteriors(
  priors: ReadonlyMap<string, number>,
  credits: readonly TrialCredit[],
  discount = DISCOUNT,
): ArmPosterior[] {
  const acc = new Map([...priors.keys()].map((k) => [k, { s: 0, f: 0, trials: 0, credit: 0, improvements: 0 }]));
  // Newest first, so that each arm's weight is discount^(its later trials).
  for (let i = credits.length - 1; i >= 0; i--) {
    const c = credits[i]!;
    const a = c.arm === undefined ? undefined : acc.get(c.arm);
    if (!a) continue;
    const w = discount ** a.trials;
    a.s += w * c.credit;
    a.f += w * (1 - c.credit);
    a.trials++;
    a.credit += c.credit;
    if (c.improved) a.improvements++;
  }
  return [...acc.entries()].map(([key, a]) => {
    const alpha = priors.get(key)! + a.s;
    const beta = 1 + a.f;
    return {
      key,
      alpha,
      beta,
      mean: alpha / (alpha + beta),
      trials: a.trials,
      credit: a.credit,
      improvements: a.improvements,
    };
  });
}

/** Each arm's share: its posterior mean over the sum of them. */
export function shares(posteriors: readonly ArmPosterior[]): Record<string, number> {
  const total = posteriors.reduce((s, p) => s + p.mean, 0);
  return Object.fromEntries(posteriors.map((p) => [p.key, total > 0 ? p.mean / total : 1 / posteriors.length]));
}

/** The arm with the highest posterior mean (ties: the earlier, i.e. the rules' preference). */
export function leader(posteriors: readonly ArmPosterior[]): ArmPosterior {
  return posteriors.reduce((best, p) => (p.mean > best.mean ? p : best));
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 through the boost x·U^(1/shape)). */
function gamma(shape: number, rng: Rng): number {
  if (shape < 1) return gamma(shape + 1, rng) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function betaSample(alpha: number, beta: number, rng: Rng): number {
  const x = gamma(alpha, rng);
  return x / (x + gamma(beta, rng));
}

/** Thompson sampling: one draw from each posterior, the highest wins. */
export function thompson(posteriors: readonly ArmPosterior[], rng: Rng): ArmPosterior {
  let best = posteriors[0]!;
  let bestDraw = -1;
  for (const p of posteriors) {
    const draw = betaSample(p.alpha, p.beta, rng);
    if (draw > bestDraw) {
      best = p;
      bestDraw = draw;
    }
  }
  return best;
}
