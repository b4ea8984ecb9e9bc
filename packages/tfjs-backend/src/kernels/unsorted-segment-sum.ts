import { UnsortedSegmentSum, util } from "@tensorflow/tfjs-core";
import type { KernelMemory, SharedKernel } from "./memory.js";

/**
 * UnsortedSegmentSum (the gradient of gather, i.e. of every embedding lookup) as one scatter-add pass.
 * tfjs's cpu kernel builds a mask, a product and a reduction per segment: O(numSegments x size), about
 * 50 s per MF batch on MovieLens. Ids outside [0, numSegments) are dropped, as tfjs's kernel does.
 * Sums accumulate in float64 and are rounded once, in the same order as tfjs's Sum kernel.
 */
export function unsortedSegmentSumKernel<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: UnsortedSegmentSum,
    fast: ({ inputs, backend, attrs }) => {
      const x = inputs.x!;
      const segmentIds = inputs.segmentIds!;
      const numSegments = attrs!.numSegments as number;
      if (segmentIds.shape.length !== 1 || x.dtype === "string" || x.dtype === "complex64") return null;
      const mem = memory(backend);
      const out = mem.output([numSegments, ...x.shape.slice(1)], "float32");
      scatterAddRows(
        mem.view(x),
        null,
        null,
        mem.view(segmentIds),
        util.sizeFromShape(x.shape.slice(1)),
        numSegments,
        mem.view(out) as Float32Array,
      );
      return out;
    },
  };
}

/** Reused per-call buffers: segment boundaries, entries grouped by segment, one row's float64 sums. */
let bounds = new Int32Array(0);
let grouped = new Int32Array(0);
let acc = new Float64Array(0);

/**
 * out[ids[i]] += rows[i] over rows of `inner` values, into `out` (numSegments x inner); shared by the
 * cpu and wasm backends. With `rowIndex`, the row added for i is rows[rowIndex[i]] (a gather fused in);
 * with `scale`, it is first multiplied by scale[i] and rounded to float32, as a float32 Multiply kernel
 * would store it.
 *
 * The entries are first grouped by segment (a stable counting sort of the ids), then each touched
 * segment is summed in a row-sized float64 accumulator and written once: the same order and rounding
 * as a scatter into a table-sized float64 array, but its reads and writes stay in cache (that scatter
 * was half of an MF batch on wasm). The wasm backend runs the summing loop as SIMD
 * (wasm-simd-embedding.ts) for float32 rows.
 */
export function scatterAddRows(
  rows: ArrayLike<number>,
  rowIndex: ArrayLike<number> | null,
  scale: ArrayLike<number> | null,
  ids: ArrayLike<number>,
  inner: number,
  numSegments: number,
  out: Float32Array,
): void {
  const n = ids.length;
  if (bounds.length < numSegments + 1) bounds = new Int32Array(numSegments + 1);
  if (grouped.length < n) grouped = new Int32Array(n);
  if (acc.length < inner) acc = new Float64Array(inner);
  const ends = bounds;
  const order = grouped;
  const sums = acc;
  groupBySegment(ids, numSegments, ends, order);
  out.fill(0, 0, numSegments * inner);
  const f = Math.fround;
  for (let id = 0, from = 0; id < numSegments; id++) {
    const to = ends[id]!;
    if (to === from) continue;
    const o = id * inner;
    for (let e = from; e < to; e++) {
      const i = order[e]!;
      const s = (rowIndex === null ? i : rowIndex[i]!) * inner;
      const c = scale === null ? 1 : scale[i]!;
      if (e === from) {
        if (scale === null) for (let k = 0; k < inner; k++) sums[k] = rows[s + k]!;
        else for (let k = 0; k < inner; k++) sums[k] = f(c * rows[s + k]!);
      } else if (scale === null) for (let k = 0; k < inner; k++) sums[k] = sums[k]! + rows[s + k]!;
      else for (let k = 0; k < inner; k++) sums[k] = sums[k]! + f(c * rows[s + k]!);
    }
    for (let k = 0; k < inner; k++) out[o + k] = sums[k]!;
    from = to;
  }
}

/**
 * A stable counting sort of entries by segment: afterwards order[ends[id-1] .. ends[id]) (from 0 for
 * id 0) are the entries i with ids[i] = id, ascending; ids outside [0, numSegments) are left out.
 * `ends` needs numSegments + 1 slots.
 */
export function groupBySegment(ids: ArrayLike<number>, numSegments: number, ends: Int32Array, order: Int32Array): void {
  const n = ids.length;
  ends.fill(0, 0, numSegments + 1);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id >= 0 && id < numSegments) ends[id + 1]!++;
  }
  for (let id = 0; id < numSegments; id++) ends[id + 1]! += ends[id]!;
  // Placing entry i at ends[id]++ leaves ends[id] at the end of segment id's range.
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id >= 0 && id < numSegments) order[ends[id]!++] = i;
  }
}
