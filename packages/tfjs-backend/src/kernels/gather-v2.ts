import { GatherV2, util } from "@tensorflow/tfjs-core";
import { valuesOf, type AcceleratedKernel, type CpuKernelArgs, type NumericArray } from "./kernel-types.js";

/**
 * GatherV2 with batchDims 0 as one strided row copy. tfjs's cpu kernel goes through a TensorBuffer and
 * computes a multi-dimensional location per element, ~100x slower on embedding lookups.
 */
function gatherV2({ inputs, backend, attrs }: CpuKernelArgs) {
  const x = inputs.x!;
  const indices = inputs.indices!;
  const batchDims = (attrs?.batchDims as number | undefined) ?? 0;
  if (batchDims !== 0 || x.dtype === "string" || x.dtype === "complex64") return null;
  const layout = gatherLayout(x.shape, indices.shape, attrs?.axis as number);
  const idx = valuesOf(backend, indices);
  checkGatherIndices(idx, layout.dimSize);
  const src = valuesOf(backend, x);
  const out = new (src.constructor as new (n: number) => NumericArray)(util.sizeFromShape(layout.outShape));
  gatherInto(src, idx, layout, out);
  return backend.makeTensorInfo(layout.outShape, x.dtype, out);
}

/** x viewed as [outer, dimSize, inner] around the gather axis; the output is [outer, indices, inner]. */
export interface GatherLayout {
  outer: number;
  dimSize: number;
  inner: number;
  outShape: number[];
}

export function gatherLayout(xShape: number[], indicesShape: number[], axisAttr: number): GatherLayout {
  const axis = util.parseAxisParam(axisAttr, xShape)[0]!;
  return {
    outer: util.sizeFromShape(xShape.slice(0, axis)),
    dimSize: xShape[axis]!,
    inner: util.sizeFromShape(xShape.slice(axis + 1)),
    outShape: [...xShape.slice(0, axis), ...indicesShape, ...xShape.slice(axis + 1)],
  };
}

/** The same bound check and message as tfjs's kernels. */
export function checkGatherIndices(idx: ArrayLike<number>, dimSize: number): void {
  for (let i = 0; i < idx.length; i++) {
    const index = idx[i]!;
    util.assert(index <= dimSize - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
  }
}

/** Copies the indexed rows; shared by the cpu and wasm kernels. */
export function gatherInto(src: ArrayLike<number>, idx: ArrayLike<number>, { outer, dimSize, inner }: GatherLayout, out: { [i: number]: number }): void {
  const n = idx.length;
  let o = 0;
  for (let b = 0; b < outer; b++) {
    const base = b * dimSize * inner;
    for (let i = 0; i < n; i++) {
      let s = base + idx[i]! * inner;
      const end = s + inner;
      while (s < end) out[o++] = src[s++]!;
    }
  }
}

export const gatherV2Kernel: AcceleratedKernel = { kernelName: GatherV2, fast: gatherV2 };
