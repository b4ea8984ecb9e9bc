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
      segmentSumRows(mem.view(x), mem.view(segmentIds), util.sizeFromShape(x.shape.slice(1)), numSegments, mem.view(out) as Float32Array);
      return out;
    },
  };
}

/** Reused float64 accumulator and first-touch marks: fresh ones per embedding gradient cost more than the sums. */
let scratch = new Float64Array(0);
let touched = new Uint8Array(0);

/**
 * out[ids[i]] += rows[i] over rows of `inner` values, into `out` (numSegments x inner); shared by the
 * cpu and wasm backends. Only the rows some id touches are accumulated and converted: a batch of 4,096
 * lookups touches a fraction of a 9,724-row item table; the rest is one fill with zeros.
 */
function segmentSumRows(rows: ArrayLike<number>, ids: ArrayLike<number>, inner: number, numSegments: number, out: Float32Array): void {
  if (scratch.length < numSegments * inner) scratch = new Float64Array(numSegments * inner);
  if (touched.length < numSegments) touched = new Uint8Array(numSegments);
  const acc = scratch;
  out.fill(0, 0, numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= numSegments) continue;
    let o = id * inner;
    let s = i * inner;
    const end = s + inner;
    if (touched[id] === 0) {
      touched[id] = 1;
      while (s < end) acc[o++] = rows[s++]!;
    } else {
      while (s < end) acc[o] = acc[o++]! + rows[s++]!;
    }
  }
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= numSegments || touched[id] === 0) continue;
    touched[id] = 0;
    for (let o = id * inner, end = o + inner; o < end; o++) out[o] = acc[o]!;
  }
}
