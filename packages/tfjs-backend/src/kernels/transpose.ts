import { Transpose, util } from "@tensorflow/tfjs-core";
import { valuesOf, type AcceleratedKernel, type CpuKernelArgs, type NumericArray } from "./kernel-types.js";

/**
 * Transpose: the identity permutation (which gather's gradient emits for every axis-0 embedding lookup)
 * shares the input's data like Reshape does, and the 2-D case is a cache-blocked copy. tfjs's cpu kernel
 * computes multi-dimensional indices per element for both.
 */
function transpose({ inputs, backend, attrs }: CpuKernelArgs) {
  const x = inputs.x!;
  const perm = attrs!.perm as number[];
  if (x.dtype === "string" || x.dtype === "complex64") return null;
  const outShape = perm.map((p) => x.shape[p]!);
  if (perm.every((p, i) => p === i)) {
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: outShape, dtype: x.dtype };
  }
  if (x.shape.length !== 2) return null;
  const [rows, cols] = x.shape as [number, number];
  const src = valuesOf(backend, x);
  const out = new (src.constructor as new (n: number) => NumericArray)(util.sizeFromShape(x.shape));
  const B = 32;
  for (let r0 = 0; r0 < rows; r0 += B) {
    const r1 = Math.min(r0 + B, rows);
    for (let c0 = 0; c0 < cols; c0 += B) {
      const c1 = Math.min(c0 + B, cols);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = src[r * cols + c]!;
    }
  }
  return backend.makeTensorInfo(outShape, x.dtype, out);
}

export const transposeKernel: AcceleratedKernel = { kernelName: Transpose, fast: transpose };
