import { UnsortedSegmentSum, util } from "@tensorflow/tfjs-core";
import { valuesOf, type AcceleratedKernel, type CpuKernelArgs } from "./kernel-types.js";

/**
 * UnsortedSegmentSum (the gradient of gather, i.e. of every embedding lookup) as one scatter-add pass.
 * tfjs's cpu kernel builds a mask, a product and a reduction per segment: O(numSegments x size), about
 * 50 s per MF batch on MovieLens. Ids outside [0, numSegments) are dropped, as tfjs's kernel does.
 * Sums accumulate in float64 and are rounded once, in the same order as tfjs's Sum kernel.
 */
function unsortedSegmentSum({ inputs, backend, attrs }: CpuKernelArgs) {
  const x = inputs.x!;
  const segmentIds = inputs.segmentIds!;
  const numSegments = attrs!.numSegments as number;
  if (segmentIds.shape.length !== 1 || x.dtype === "string" || x.dtype === "complex64") return null;
  const inner = util.sizeFromShape(x.shape.slice(1));
  const out = segmentSumRows(valuesOf(backend, x), valuesOf(backend, segmentIds), inner, numSegments);
  return backend.makeTensorInfo([numSegments, ...x.shape.slice(1)], "float32", out);
}

/** out[ids[i]] += rows[i] over rows of `inner` values; shared by the cpu and wasm kernels. */
export function segmentSumRows(rows: ArrayLike<number>, ids: ArrayLike<number>, inner: number, numSegments: number): Float32Array {
  const acc = new Float64Array(numSegments * inner);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= numSegments) continue;
    let o = id * inner;
    let s = i * inner;
    const end = s + inner;
    while (s < end) acc[o] = acc[o++]! + rows[s++]!;
  }
  return Float32Array.from(acc);
}

export const unsortedSegmentSumKernel: AcceleratedKernel = { kernelName: UnsortedSegmentSum, fast: unsortedSegmentSum };
