import type { StudySpec } from "@rectune/spec";

/**
 * What makes two studies comparable for warm start: the same data set and model family (recommender
 * targets), or the same function. Every store compares it as JSON.
 */
export function warmStartKey(spec: StudySpec): { kind: string; family: unknown; dataset: unknown } {
  const t = spec.target;
  return t.kind === "recommender"
    ? { kind: t.kind, family: t.model, dataset: t.dataset }
    : { kind: t.kind, family: t.name, dataset: null };
}
