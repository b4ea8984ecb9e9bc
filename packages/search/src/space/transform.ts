import type { Choice, FloatParam, IntParam, ParamDef } from "./types.js";

type NumericParam = FloatParam | IntParam;

/** Bounds of a numeric parameter in its internal (search) coordinates: log space for log params. */
export function internalBounds(def: NumericParam): [number, number] {
  // Ints are widened by half a unit so that both ends are as likely as interior values after rounding.
  const pad = def.type === "int" ? 0.5 * (def.step ?? 1) : 0;
  if (def.log)
    return [Math.log(def.low - (def.type === "int" ? 0.5 : 0)), Math.log(def.high + (def.type === "int" ? 0.5 : 0))];
  return [def.low - pad, def.high + pad];
}

/** Maps a point in internal coordinates to a legal value (rounded to the step/int grid and clipped). */
export function fromInternal(def: NumericParam, x: number): number {
  let v = def.log ? Math.exp(x) : x;
  if (def.step !== undefined) v = def.low + Math.round((v - def.low) / def.step) * def.step;
  if (def.type === "int") v = Math.round(v);
  if (def.type === "int") return Math.min(def.high, Math.max(def.low, v));
  // Clean up binary noise from step arithmetic (0.1 * 3 = 0.30000000000000004), then clip: trimming digits
  // can move a value that sat exactly on a bound (low = 0.30000000000000004) just outside it.
  return Math.min(def.high, Math.max(def.low, Number.parseFloat(v.toPrecision(15))));
}

/** Maps a legal value to internal coordinates. */
export function toInternal(def: NumericParam, v: number): number {
  return def.log ? Math.log(v) : v;
}

/** Maps u in [0, 1] to a legal value: the basis of the quasi-random, GP and CMA-ES samplers. */
export function fromUnit(def: ParamDef, u: number): Choice {
  const clamped = Math.min(1 - 1e-12, Math.max(0, u));
  if (def.type === "categorical") {
    const choice = def.choices[Math.floor(clamped * def.choices.length)];
    if (choice === undefined) throw new RangeError("categorical parameter without choices");
    return choice;
  }
  const [lo, hi] = internalBounds(def);
  return fromInternal(def, lo + clamped * (hi - lo));
}

/** Maps a legal value to [0, 1] (for categoricals: the centre of its cell). */
export function toUnit(def: ParamDef, value: Choice): number {
  if (def.type === "categorical") {
    const i = def.choices.indexOf(value);
    return (Math.max(0, i) + 0.5) / def.choices.length;
  }
  const [lo, hi] = internalBounds(def);
  return (toInternal(def, value as number) - lo) / (hi - lo);
}

/** Whether a value is legal for a parameter (bounds, step grid, integrality, choices). */
export function contains(def: ParamDef, value: unknown): boolean {
  if (def.type === "categorical") return def.choices.includes(value as Choice);
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (value < def.low || value > def.high) return false;
  if (def.type === "int" && !Number.isInteger(value)) return false;
  if (def.step !== undefined) {
    const n = (value - def.low) / def.step;
    if (Math.abs(n - Math.round(n)) > 1e-6) return false;
  }
  return true;
}
