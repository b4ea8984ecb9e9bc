import { digitPermutations, primes, scrambledRadicalInverse } from "../qmc/halton.js";
import { SOBOL_MAX_DIMS, sobol } from "../qmc/sobol.js";
import { createRng, deriveSeed } from "../rng.js";
import { isActive, orderedParams } from "../space/active.js";
import { SearchSpaceError } from "../space/errors.js";
import { fromUnit } from "../space/transform.js";
import type { Params } from "../space/types.js";
import type { SampleContext, Sampler } from "./sampler.js";

export type QmcKind = "sobol" | "halton";

/**
 * Low-discrepancy sampling: trial n takes the n-th point of a scrambled Sobol' or Halton sequence, one
 * coordinate per parameter (in `orderedParams` order; inactive parameters leave their coordinate unused).
 * The scrambling depends on the sampler's seed only, so all trials of a study share one sequence.
 */
export class QmcSampler implements Sampler {
  readonly name = "qmc";
  private readonly shifts: number[] = [];
  private readonly perms: number[][][] = [];
  private readonly bases: number[] = [];

  constructor(
    readonly kind: QmcKind = "sobol",
    private readonly seed = 0,
  ) {}

  private coordinate(index: number, dim: number): number {
    if (this.kind === "sobol") {
      while (this.shifts.length <= dim) {
        this.shifts.push(Math.floor(createRng(deriveSeed(this.seed, 0x50b01, this.shifts.length)).next() * 4294967296));
      }
      return sobol(index, dim, this.shifts[dim]!);
    }
    if (this.bases.length <= dim) this.bases.splice(0, this.bases.length, ...primes(dim + 1));
    while (this.perms.length <= dim) {
      const d = this.perms.length;
      this.perms.push(digitPermutations(this.bases[d]!, createRng(deriveSeed(this.seed, 0x4a17, d))));
    }
    return scrambledRadicalInverse(index, this.bases[dim]!, this.perms[dim]!);
  }

  sample({ space, trialNumber }: SampleContext): Params {
    const names = orderedParams(space);
    if (this.kind === "sobol" && names.length > SOBOL_MAX_DIMS) {
      throw new SearchSpaceError(
        names[SOBOL_MAX_DIMS]!,
        undefined,
        `Sobol' sampling supports ${SOBOL_MAX_DIMS} parameters; use kind "halton"`,
      );
    }
    const params: Params = {};
    names.forEach((name, dim) => {
      const def = space[name];
      if (!def || !isActive(space, name, params)) return;
      params[name] = fromUnit(def, this.coordinate(trialNumber, dim));
    });
    return params;
  }
}
