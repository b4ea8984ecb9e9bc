import * as tfc from "@tensorflow/tfjs-core";
import { MF_BPR_LOSS, MF_BPR_LOSS_GRAD } from "./kernels/mf-bpr.js";
import type { Tf } from "./tf.js";

type Tensor = ReturnType<Tf["tensor"]>;
type Scalar = ReturnType<Tf["scalar"]>;

/**
 * Matrix factorization's BPR loss over a batch of (user, positive, negative) triples, with L2 on the rows
 * the batch looks up: with x_ui = P[u]·Q[i] + b[i],
 *   mean(softplus(−(x_ui − x_uj))) + l2/n · (2 Σ‖P[u]‖² + Σ‖Q[i]‖² + Σ‖Q[j]‖²)
 * (P[u] is looked up once per item of the pair). On the wasm and cpu-accelerated backends it is one kernel
 * forward and one backward that writes each table's gradient once (kernels/mf-bpr.ts); unfused, an
 * MF-BPR batch is ~20 kernels forward, and backward ten table-sized gradients (one per lookup) summed by
 * seven table-sized adds, most of the batch. Everywhere else (tfjs-node, plain cpu), and for inputs the
 * kernel does not take, it is those tfjs ops, so model code calling it runs unchanged on every backend.
 */
export function mfBprLoss(
  tf: Pick<Tf, "add" | "gather" | "mean" | "mul" | "neg" | "softplus" | "square" | "sub" | "sum">,
  P: Tensor,
  Q: Tensor,
  b: Tensor,
  users: Tensor,
  items: Tensor,
  negatives: Tensor,
  l2: number,
): Scalar {
  const n = users.shape[0];
  const fusable =
    tfc.getKernel(MF_BPR_LOSS, tfc.getBackend()) !== undefined &&
    [P, Q, b].every((t) => t.dtype === "float32") &&
    [users, items, negatives].every((t) => t.dtype === "int32" && t.rank === 1 && t.shape[0] === n) &&
    P.rank === 2 &&
    Q.rank === 2 &&
    b.rank === 1 &&
    P.shape[1] === Q.shape[1] &&
    b.shape[0] === Q.shape[0] &&
    n !== undefined &&
    n > 0;
  if (fusable) return tfc.engine().runKernel(MF_BPR_LOSS, { P, Q, b, users, items, negatives }, { l2 }) as Scalar;
  const pu = tf.gather(P, users);
  const qi = tf.gather(Q, items);
  const qj = tf.gather(Q, negatives);
  const x = (q: Tensor, i: Tensor) => tf.add(tf.sum(tf.mul(pu, q), 1), tf.gather(b, i));
  const data = tf.mean(tf.softplus(tf.neg(tf.sub(x(qi, items), x(qj, negatives))))) as Scalar;
  if (l2 === 0) return data;
  const squares = (t: Tensor) => tf.sum(tf.square(t));
  const penalty = tf.add(tf.add(tf.mul(2, squares(pu)), squares(qi)), squares(qj));
  return tf.add(data, tf.mul(l2 / users.shape[0]!, penalty)) as Scalar;
}

let registered = false;

/** The fused loss's gradient: one MF_BPR_LOSS_GRAD for the three tables, zeros for the indices (as gather's). Idempotent. */
export function registerMfBprLossGradient(): void {
  if (registered) return;
  registered = true;
  tfc.registerGradient({
    kernelName: MF_BPR_LOSS,
    inputsToSave: ["P", "Q", "b", "users", "items", "negatives"],
    gradFunc: (dy, saved, attrs) => {
      const [P, Q, b, users, items, negatives] = saved as tfc.Tensor[] as [
        tfc.Tensor,
        tfc.Tensor,
        tfc.Tensor,
        tfc.Tensor,
        tfc.Tensor,
        tfc.Tensor,
      ];
      const [dP, dQ, db] = tfc.engine().runKernel(
        MF_BPR_LOSS_GRAD,
        { dy: dy as tfc.Tensor, P, Q, b, users, items, negatives },
        {
          l2: (attrs as unknown as { l2: number }).l2,
        },
      ) as [tfc.Tensor, tfc.Tensor, tfc.Tensor];
      return {
        P: () => dP,
        Q: () => dQ,
        b: () => db,
        users: () => tfc.zerosLike(users),
        items: () => tfc.zerosLike(items),
        negatives: () => tfc.zerosLike(negatives),
      };
    },
  });
}
