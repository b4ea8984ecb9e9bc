import { checkGatherIndices } from "./gather-v2.js";
import type { TensorInfo } from "./kernel-types.js";
import type { KernelMemory, SharedKernel } from "./memory.js";

/** Kernel names of the fused MF-BPR loss (mf-bpr-loss.ts is the op). */
export const MF_BPR_LOSS = "RectuneMfBprLoss";
export const MF_BPR_LOSS_GRAD = "RectuneMfBprLossGrad";

interface Inputs {
  P: TensorInfo;
  Q: TensorInfo;
  b: TensorInfo;
  users: TensorInfo;
  items: TensorInfo;
  negatives: TensorInfo;
}

interface Views {
  P: Float32Array;
  Q: Float32Array;
  b: Float32Array;
  users: Int32Array;
  items: Int32Array;
  negatives: Int32Array;
  dim: number;
}

/** Views of the inputs (after every output was made: a wasm allocation can detach earlier views), indices checked as gather does. */
function viewsOf(mem: KernelMemory, inputs: Inputs): Views {
  const v = {
    P: mem.view(inputs.P) as Float32Array,
    Q: mem.view(inputs.Q) as Float32Array,
    b: mem.view(inputs.b) as Float32Array,
    users: mem.view(inputs.users) as Int32Array,
    items: mem.view(inputs.items) as Int32Array,
    negatives: mem.view(inputs.negatives) as Int32Array,
    dim: inputs.P.shape[1]!,
  };
  checkGatherIndices(v.users, inputs.P.shape[0]!);
  checkGatherIndices(v.items, inputs.Q.shape[0]!);
  checkGatherIndices(v.negatives, inputs.Q.shape[0]!);
  return v;
}

/** x_ui − x_uj for row r, x = p_u·q + b, in float64. */
function difference(v: Views, r: number): number {
  const { P, Q, dim } = v;
  const p = v.users[r]! * dim;
  const i = v.items[r]!;
  const j = v.negatives[r]!;
  const qi = i * dim;
  const qj = j * dim;
  let d = v.b[i]! - v.b[j]!;
  for (let k = 0; k < dim; k++) d += P[p + k]! * (Q[qi + k]! - Q[qj + k]!);
  return d;
}

/**
 * mean_r softplus(−(x_ui − x_uj)) + l2/n · Σ_r (2‖p_u‖² + ‖q_i‖² + ‖q_j‖²), x_ui = p_u·q_i + b_i: matrix
 * factorization's BPR loss with the L2 penalty on the rows a batch gathers (once per lookup: p_u is
 * looked up for both items of a pair), in one pass over the batch instead of ~20 kernels. Accumulated in
 * float64 and rounded once, so it equals tfjs's op sequence up to float32 rounding of its intermediates.
 */
function mfBprLoss<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: MF_BPR_LOSS,
    fast: ({ inputs, backend, attrs }) => {
      const mem = memory(backend);
      const out = mem.output([], "float32");
      const v = viewsOf(mem, inputs as unknown as Inputs);
      const l2 = attrs!.l2 as number;
      const n = v.users.length;
      const { P, Q, b, users, items, negatives, dim } = v;
      let data = 0;
      let penalty = 0;
      for (let r = 0; r < n; r++) {
        const p = users[r]! * dim;
        const i = items[r]!;
        const j = negatives[r]!;
        const qi = i * dim;
        const qj = j * dim;
        let d = b[i]! - b[j]!;
        let norms = 0;
        for (let k = 0; k < dim; k++) {
          const pk = P[p + k]!;
          const qik = Q[qi + k]!;
          const qjk = Q[qj + k]!;
          d += pk * (qik - qjk);
          norms += 2 * pk * pk + qik * qik + qjk * qjk;
        }
        // softplus(−d) = log(1 + e^−d), without overflow for large |d|.
        data += d < 0 ? -d + Math.log1p(Math.exp(d)) : Math.log1p(Math.exp(-d));
        penalty += norms;
      }
      mem.view(out)[0] = n === 0 ? Number.NaN : (data + l2 * penalty) / n;
      return out;
    },
  };
}

/**
 * The loss's gradients for an upstream dy (a scalar): dense [users, dim], [items, dim] and [items] tensors,
 * zero outside the rows the batch touched, as the gradients of the gathers (UnsortedSegmentSum) and their
 * sum over the loss's ~10 lookups would be, but written once per table. With g_r = −dy·σ(−d_r)/n and c = dy·l2/n:
 *   dp_u += g_r (q_i − q_j) + 4c p_u,   dq_i += g_r p_u + 2c q_i,   dq_j += −g_r p_u + 2c q_j,   db_i += g_r,   db_j −= g_r.
 * One pass over the batch adds each pair's terms straight into the float32 gradients, in row order (as
 * PyTorch's embedding backward accumulates; tfjs's ops sum each lookup's gradient in float64 and then add
 * the ten in float32): grouping the entries by row to sum them in float64 took twice as long in JS.
 */
function mfBprLossGrad<B>(memory: (backend: B) => KernelMemory): SharedKernel<B> {
  return {
    kernelName: MF_BPR_LOSS_GRAD,
    fast: ({ inputs, backend, attrs }) => {
      const { dy, ...rest } = inputs as unknown as Inputs & { dy: TensorInfo };
      const mem = memory(backend);
      const outs = [rest.P, rest.Q, rest.b].map((t) => mem.output(t.shape, "float32"));
      const v = viewsOf(mem, rest);
      const [dP, dQ, db] = outs.map((t) => mem.view(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
      dP.fill(0);
      dQ.fill(0);
      db.fill(0);
      const n = v.users.length;
      if (n === 0) return outs;
      const { P, Q, users, items, negatives, dim } = v;
      const upstream = mem.view(dy)[0]!;
      const pen = (2 * upstream * (attrs!.l2 as number)) / n; // 2c
      for (let r = 0; r < n; r++) {
        const g = -upstream / (n * (1 + Math.exp(difference(v, r))));
        const pu = users[r]! * dim;
        const i = items[r]!;
        const j = negatives[r]!;
        const qi = i * dim;
        const qj = j * dim;
        db[i]! += g;
        db[j]! -= g;
        for (let k = 0; k < dim; k++) {
          const pk = P[pu + k]!;
          const qik = Q[qi + k]!;
          const qjk = Q[qj + k]!;
          dP[pu + k]! += g * (qik - qjk) + 2 * pen * pk;
          dQ[qi + k]! += g * pk + pen * qik;
          dQ[qj + k]! += pen * qjk - g * pk;
        }
      }
      return outs;
    },
  };
}

export function mfBprKernels<B>(memory: (backend: B) => KernelMemory): SharedKernel<B>[] {
  return [mfBprLoss(memory), mfBprLossGrad(memory)];
}
