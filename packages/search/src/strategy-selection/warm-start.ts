import type { Direction } from "../history.js";
import { isActive, orderedParams } from "../space/active.js";
import { contains, fromInternal, fromUnit, toInternal } from "../space/transform.js";
import type { Choice, ParamDef, Params, SearchSpace } from "../space/types.js";

/** A finished trial of an earlier study, as warm start reads it. */
export interface PastTrial {
  readonly studyId: number;
  readonly number: number;
  readonly params: Params;
  /** Its first objective's value, in that study's direction. */
  readonly value: number;
  readonly direction: Direction;
}

/** A configuration to run first, and where it came from (stored as the trial's strategy). */
export interface WarmStartConfig {
  readonly params: Params;
  readonly source: { readonly studyId: number; readonly trial: number; readonly value: number };
}

/**
 * One value moved into a parameter's new definition: numbers clamped into [low, high] and onto the
 * step/int grid (in the parameter's own scale); a categorical value the new choices lack, or a number
 * the parameter cannot read, is replaced by the definition's centre.
 */
export function clipValue(def: ParamDef, value: Choice | undefined): Choice {
  if (value !== undefined && contains(def, value)) return value;
  if (def.type === "categorical" || typeof value !== "number" || !Number.isFinite(value) || (def.log && value <= 0))
    return fromUnit(def, 0.5);
  return fromInternal(def, toInternal(def, Math.min(def.high, Math.max(def.low, value))));
}

/** A configuration of another space clipped into `space`: active parameters only, each clipped. */
export function clipParams(space: SearchSpace, params: Params): Params {
  const out: Params = {};
  for (const name of orderedParams(space)) {
    if (!isActive(space, name, out)) continue;
    out[name] = clipValue(space[name]!, params[name]);
  }
  return out;
}

/**
 * The `topK` best past trials (each ranked within its own study's direction, across studies by that
 * rank, then value), clipped into the new space; configurations that clip to the same point count once.
 */
export function warmStartConfigs(space: SearchSpace, past: readonly PastTrial[], topK: number): WarmStartConfig[] {
  const byStudy = new Map<number, PastTrial[]>();
  for (const t of past) {
    if (!Number.isFinite(t.value)) continue;
    byStudy.set(t.studyId, [...(byStudy.get(t.studyId) ?? []), t]);
  }
  const ranked: { t: PastTrial; rank: number }[] = [];
  for (const trials of byStudy.values()) {
    trials
      .sort((a, b) => (a.direction === "maximize" ? b.value - a.value : a.value - b.value) || a.number - b.number)
      .forEach((t, rank) => ranked.push({ t, rank }));
  }
  ranked.sort((a, b) => a.rank - b.rank || a.t.studyId - b.t.studyId || a.t.number - b.t.number);
  const seen = new Set<string>();
  const out: WarmStartConfig[] = [];
  for (const { t } of ranked) {
    if (out.length >= topK) break;
    const params = clipParams(space, t.params);
    const key = JSON.stringify(orderedParams(space).map((n) => params[n] ?? null));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ params, source: { studyId: t.studyId, trial: t.number, value: t.value } });
  }
  return out;
}
