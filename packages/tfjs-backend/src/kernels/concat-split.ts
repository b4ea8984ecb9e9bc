import { backend_util, Concat, SplitV, util } from "@tensorflow/tfjs-core";
import type { TensorInfo } from "./kernel-types.js";
import type { KernelMemory, SharedKernel } from "./memory.js";

/**
 * Concat and SplitV (its gradient) as block copies: every input viewed as [outer, width], where outer
 * is the product of the dimensions before the axis. NeuMF concatenates its embeddings and the GMF/MLP
 * outputs along axis 1 each batch; the wasm backend builds these from one slice per piece and a JS
 * row loop, the cpu backend from strided slices (3 s per NeuMF batch).
 */
function concat(inputs: TensorInfo[], axisAttr: number, mem: KernelMemory): TensorInfo | null {
  const first = inputs[0]!;
  if (first.dtype === "string" || first.dtype === "complex64" || inputs.some((t) => t.dtype !== first.dtype))
    return null;
  const axis = util.parseAxisParam(axisAttr, first.shape)[0]!;
  backend_util.assertParamsConsistent(
    inputs.map((t) => t.shape),
    axis,
  );
  const outShape = backend_util.computeOutShape(
    inputs.map((t) => t.shape),
    axis,
  );
  const outer = util.sizeFromShape(first.shape.slice(0, axis));
  const widths = inputs.map((t) => util.sizeFromShape(t.shape.slice(axis)));
  const out = mem.output(outShape, first.dtype);
  const parts = inputs.map((t) => mem.view(t));
  const dst = mem.view(out);
  let o = 0;
  for (let r = 0; r < outer; r++) {
    for (let p = 0; p < parts.length; p++) {
      const src = parts[p]!;
      const w = widths[p]!;
      for (let s = r * w, end = s + w; s < end; s++) dst[o++] = src[s]!;
    }
  }
  return out;
}

function splitV(
  x: TensorInfo,
  numOrSizeSplits: number | number[],
  axisAttr: number,
  mem: KernelMemory,
): TensorInfo[] | null {
  if (x.dtype === "string" || x.dtype === "complex64") return null;
  const axis = util.parseAxisParam(axisAttr, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, axis);
  const outer = util.sizeFromShape(x.shape.slice(0, axis));
  const inner = util.sizeFromShape(x.shape.slice(axis + 1));
  const outs = sizes.map((s) =>
    mem.output(
      x.shape.map((d, i) => (i === axis ? s : d)),
      x.dtype,
    ),
  );
  const src = mem.view(x);
  const dsts = outs.map((t) => mem.view(t));
  const widths = sizes.map((s) => s * inner);
  let s = 0;
  for (let r = 0; r < outer; r++) {
    for (let p = 0; p < dsts.length; p++) {
      const dst = dsts[p]!;
      const w = widths[p]!;
      for (let o = r * w, end = o + w; o < end; o++) dst[o] = src[s++]!;
    }
  }
  return outs;
}

/** Both kernels for a backend, given how to reach its memory; `null` results fall back to tfjs's kernels. */
export function concatSplitKernels<B>(memory: (backend: B) => KernelMemory): SharedKernel<B>[] {
  return [
    {
      kernelName: Concat,
      // tfjs passes Concat's inputs as an array of tensors.
      fast: ({ inputs, backend, attrs }) => concat(Object.values(inputs), attrs!.axis as number, memory(backend)),
    },
    {
      kernelName: SplitV,
      fast: ({ inputs, backend, attrs }) =>
        splitV(inputs.x!, attrs!.numOrSizeSplits as number | number[], attrs!.axis as number, memory(backend)),
    },
  ];
}
