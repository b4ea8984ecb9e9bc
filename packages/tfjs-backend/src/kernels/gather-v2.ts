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
  const axis = util.parseAxisParam(attrs?.axis as number, x.shape)[0]!;
  const xs = x.shape;
  const dimSize = xs[axis]!;
  const outer = util.sizeFromShape(xs.slice(0, axis));
  const inner = util.sizeFromShape(xs.slice(axis + 1));
  const idx = valuesOf(backend, indices);
  const n = idx.length;
  for (let i = 0; i < n; i++) {
    const index = idx[i]!;
    util.assert(index <= dimSize - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
  }
  const src = valuesOf(backend, x);
  const out = new (src.constructor as new (n: number) => NumericArray)(outer * n * inner);
  let o = 0;
  for (let b = 0; b < outer; b++) {
    const base = b * dimSize * inner;
    for (let i = 0; i < n; i++) {
      let s = base + idx[i]! * inner;
      const end = s + inner;
      while (s < end) out[o++] = src[s++]!;
    }
  }
  const outShape = [...xs.slice(0, axis), ...indices.shape, ...xs.slice(axis + 1)];
  return backend.makeTensorInfo(outShape, x.dtype, out);
}

export const gatherV2Kernel: AcceleratedKernel = { kernelName: GatherV2, fast: gatherV2 };
