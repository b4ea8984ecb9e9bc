import { paretoFront, type Point } from "./pareto.js";

/**
 * The volume dominated by `points` and bounded by `reference` (minimization; points not strictly better
 * than the reference in every objective contribute nothing). Exact: a sweep in 2-D and slicing by the last
 * objective (HSO) above, which is fine for the front sizes a study produces (hundreds of points, few
 * objectives).
 */
export function hypervolume(points: readonly Point[], reference: Point): number {
  const inside = points.filter((p) => p.length === reference.length && p.every((v, i) => v < reference[i]!));
  if (inside.length === 0) return 0;
  const front = paretoFront(inside).map((i) => inside[i]!);
  return volume(front, reference);
}

function volume(front: readonly Point[], ref: Point): number {
  const m = ref.length;
  if (front.length === 0) return 0;
  if (m === 1) return ref[0]! - Math.min(...front.map((p) => p[0]!));
  if (m === 2) {
    const sorted = [...front].sort((a, b) => a[0]! - b[0]!);
    let v = 0;
    let bestY = ref[1]!;
    for (const p of sorted) {
      if (p[1]! < bestY) {
        v += (ref[0]! - p[0]!) * (bestY - p[1]!);
        bestY = p[1]!;
      }
    }
    return v;
  }
  // Slice along the last objective: between consecutive levels the cross-section is the (m-1)-D volume of the
  // points at or below that level.
  const sorted = [...front].sort((a, b) => a[m - 1]! - b[m - 1]!);
  const subRef = ref.slice(0, m - 1);
  let v = 0;
  for (let i = 0; i < sorted.length; i++) {
    const upper = i + 1 < sorted.length ? sorted[i + 1]![m - 1]! : ref[m - 1]!;
    const depth = upper - sorted[i]![m - 1]!;
    if (depth <= 0) continue;
    const slice = sorted.slice(0, i + 1).map((p) => p.slice(0, m - 1));
    v +=
      depth *
      volume(
        paretoFront(slice).map((j) => slice[j]!),
        subRef,
      );
  }
  return v;
}
