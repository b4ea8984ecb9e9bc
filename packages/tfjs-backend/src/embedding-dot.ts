import * as tfc from "@tensorflow/tfjs-core";
import { EMBEDDING_DOT, EMBEDDING_DOT_GRAD } from "./kernels/embedding-dot.js";
import type { Tf } from "./tf.js";

type Tensor = ReturnType<Tf["tensor"]>;

/**
 * Row-wise dot products of embedding lookups: out[r] = table1[indices1[r]] · table2[indices2[r]],
 * i.e. `tf.sum(tf.mul(tf.gather(table1, indices1), tf.gather(table2, indices2)), 1)`, the score of
 * matrix factorization. On the wasm and cpu-accelerated backends it runs as one kernel forward and one
 * scatter per table backward (kernels/embedding-dot.ts; same values as the unfused ops); everywhere
 * else (tfjs-node, tfjs-node-gpu, plain cpu) it is those plain tfjs ops, so model code calling it runs
 * unchanged on every backend. Opt-in because tfjs cannot fuse across kernels by itself: in an MF
 * batch the unfused ops are 8 kernels forward and backward, over half of the step.
 */
export function embeddingDot(
  tf: Pick<Tf, "sum" | "mul" | "gather">,
  table1: Tensor,
  table2: Tensor,
  indices1: Tensor,
  indices2: Tensor,
): Tensor {
  const fusable =
    tfc.getKernel(EMBEDDING_DOT, tfc.getBackend()) !== undefined &&
    table1.dtype === "float32" &&
    table2.dtype === "float32" &&
    table1.rank === 2 &&
    table2.rank === 2 &&
    table1.shape[1] === table2.shape[1] &&
    indices1.rank === 1 &&
    indices2.rank === 1 &&
    indices1.dtype === "int32" &&
    indices2.dtype === "int32" &&
    indices1.shape[0] === indices2.shape[0];
  if (!fusable) return tf.sum(tf.mul(tf.gather(table1, indices1), tf.gather(table2, indices2)), 1);
  return tfc
    .engine()
    .runKernel(EMBEDDING_DOT, { a: table1, b: table2, aIndices: indices1, bIndices: indices2 }, {}) as Tensor;
}

let registered = false;

/** The fused op's gradient: one EMBEDDING_DOT_GRAD per table, the indices get zeros (as gather's do). Idempotent. */
export function registerEmbeddingDotGradient(): void {
  if (registered) return;
  registered = true;
  tfc.registerGradient({
    kernelName: EMBEDDING_DOT,
    inputsToSave: ["a", "b", "aIndices", "bIndices"],
    gradFunc: (dy, saved) => {
      const [a, b, aIndices, bIndices] = saved as [tfc.Tensor, tfc.Tensor, tfc.Tensor, tfc.Tensor];
      const grad = (other: tfc.Tensor, otherIndices: tfc.Tensor, indices: tfc.Tensor, numRows: number) => () =>
        tfc
          .engine()
          .runKernel(
            EMBEDDING_DOT_GRAD,
            { dy: dy as tfc.Tensor, other, otherIndices, indices },
            { numRows },
          ) as tfc.Tensor;
      return {
        a: grad(b, bIndices, aIndices, a.shape[0]!),
        b: grad(a, aIndices, bIndices, b.shape[0]!),
        aIndices: () => tfc.zerosLike(aIndices),
        bIndices: () => tfc.zerosLike(bIndices),
      };
    },
  });
}
