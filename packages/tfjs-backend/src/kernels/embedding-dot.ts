import { checkGatherIndices } from "./gather-v2.js";
import type { TensorInfo } from "./kernel-types.js";
import type { KernelMemory, SharedKernel } from "./memory.js";
import { scatterAddRows } from "./unsorted-segment-sum.js";

/** Kernel names of the fused embedding dot product (embedding-dot.ts is the op). */
export const EMBEDDING_DOT = "RectuneEmbeddingDot";
export const EMBEDDING_DOT_GRAD = "RectuneEmbeddingDotGrad";

/**
 * out[b] = Σ_k a[aIndices[b], k] · b[bIndices[b], k] for float32 tables a, b of equal width: gather,
 * gather, Multiply and Sum in one pass over the looked-up rows, none of them materialised. Each
 * product is rounded to float32 and the sum accumulated in float64 and rounded once, as tfjs's cpu
 * Multiply and Sum kernels do, so it equals the unfused ops on tfjs's cpu backend bit for bit.
 */
function embeddingDot<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: EMBEDDING_DOT,
    fast: ({ inputs, backend }) => {
      const { a, b, aIndices, bIndices } = inputs as {
        a: TensorInfo;
        b: TensorInfo;
        aIndices: TensorInfo;
        bIndices: TensorInfo;
      };
      const mem = memory(backend);
      const dim = a.shape[1]!;
      const n = aIndices.shape[0]!;
      const out = mem.output([n], "float32");
      const ai = mem.view(aIndices) as Int32Array;
      const bi = mem.view(bIndices) as Int32Array;
      checkGatherIndices(ai, a.shape[0]!);
      checkGatherIndices(bi, b.shape[0]!);
      dotRows(mem.view(a) as Float32Array, mem.view(b) as Float32Array, ai, bi, dim, mem.view(out) as Float32Array);
      return out;
    },
  };
}

function dotRows(
  a: Float32Array,
  b: Float32Array,
  ai: Int32Array,
  bi: Int32Array,
  dim: number,
  out: Float32Array,
): void {
  const f = Math.fround;
  for (let r = 0; r < out.length; r++) {
    let p = ai[r]! * dim;
    let q = bi[r]! * dim;
    const end = p + dim;
    let sum = 0;
    while (p < end) sum += f(a[p++]! * b[q++]!);
    out[r] = sum;
  }
}

/**
 * The gradient for one table: out[indices[r]] += dy[r] · other[otherIndices[r]], a [numRows, dim]
 * float32 tensor; exactly what Sum's broadcast, Multiply's gradient and gather's UnsortedSegmentSum
 * compute, without the three [batch, dim] intermediates.
 */
function embeddingDotGrad<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: EMBEDDING_DOT_GRAD,
    fast: ({ inputs, backend, attrs }) => {
      const { dy, other, otherIndices, indices } = inputs as {
        dy: TensorInfo;
        other: TensorInfo;
        otherIndices: TensorInfo;
        indices: TensorInfo;
      };
      const numRows = attrs!.numRows as number;
      const dim = other.shape[1]!;
      const mem = memory(backend);
      const out = mem.output([numRows, dim], "float32");
      scatterAddRows(
        mem.view(other),
        mem.view(otherIndices),
        mem.view(dy),
        mem.view(indices),
        dim,
        numRows,
        mem.view(out) as Float32Array,
      );
      return out;
    },
  };
}

export function embeddingDotKernels<B>(memory: (backend: B) => KernelMemory): SharedKernel<B>[] {
  return [embeddingDot(memory), embeddingDotGrad(memory)];
}
