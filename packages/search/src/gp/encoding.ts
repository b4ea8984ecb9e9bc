import { fromUnit, toUnit } from "../space/transform.js";
import type { Params, SearchSpace } from "../space/types.js";

/**
 * Maps configurations of a fixed set of parameters to points in [0, 1]^D for the GP: numeric parameters by
 * their unit coordinate (log space for log parameters, ints widened by half a unit), categoricals one-hot.
 */
export class GpEncoding {
  /** For each parameter, its first coordinate; categoricals take one coordinate per choice. */
  private readonly offsets: number[] = [];
  readonly size: number;
  /** Which coordinates a continuous optimizer may move (the one-hot ones are set by enumeration). */
  readonly continuous: boolean[] = [];

  constructor(
    readonly space: SearchSpace,
    readonly names: readonly string[],
  ) {
    let size = 0;
    for (const name of names) {
      const def = space[name]!;
      this.offsets.push(size);
      const width = def.type === "categorical" ? def.choices.length : 1;
      for (let i = 0; i < width; i++) this.continuous.push(def.type !== "categorical");
      size += width;
    }
    this.size = size;
  }

  encode(p: Params): Float64Array {
    const x = new Float64Array(this.size);
    this.names.forEach((name, i) => {
      const def = this.space[name]!;
      const at = this.offsets[i]!;
      if (def.type === "categorical") x[at + def.choices.indexOf(p[name]!)] = 1;
      else x[at] = toUnit(def, p[name]!);
    });
    return x;
  }

  decode(x: ArrayLike<number>): Params {
    const p: Params = {};
    this.names.forEach((name, i) => {
      const def = this.space[name]!;
      const at = this.offsets[i]!;
      if (def.type === "categorical") {
        let best = 0;
        for (let c = 1; c < def.choices.length; c++) if (x[at + c]! > x[at + best]!) best = c;
        p[name] = def.choices[best]!;
      } else {
        p[name] = fromUnit(def, x[at]!);
      }
    });
    return p;
  }

  /** Snaps a point to the legal grid (rounded ints and steps, exact one-hot), so that scores are honest. */
  snap(x: ArrayLike<number>): Float64Array {
    return this.encode(this.decode(x));
  }
}
