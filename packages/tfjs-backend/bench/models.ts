import { embeddingDot, sigmoidCrossEntropy, type Tf } from "../src/index.js";
import type { Examples } from "./movielens.js";

type Tensor = ReturnType<Tf["tensor"]>;
type Variable = ReturnType<Tf["variable"]>;

/**
 * The models of ../shared/anchors/torch_reference.py, written in plain tfjs as a model author would:
 * embeddings as variables, tf.train.adam, sigmoid cross-entropy, with this package's two opt-in fused
 * ops (embeddingDot, sigmoidCrossEntropy), which are those tfjs ops on backends without the fused
 * kernels. Nothing here knows which backend runs it.
 *
 * Why the bench does not train @rectune/recsys's createMf/createNcf instead: recsys depends on this
 * package (its tests and benches load tfjs through loadTensorflow), so importing recsys here would be a
 * dependency cycle, which turbo rejects. And those are not the reference's models: recsys's MF adds an
 * item bias and an L2 term, its NeuMF sums a GMF and an MLP logit, and its trainer samples unobserved
 * negatives afresh every epoch, so they would not measure what PyTorch measures. These are the
 * reference's set-up, line for line; the kernels underneath are the ones every recsys model runs on.
 */
export interface Model {
  variables: Variable[];
  logits(users: Tensor, items: Tensor): Tensor;
}

export interface Sizes {
  numUsers: number;
  numItems: number;
  dim: number;
}

function embedding(tf: Tf, rows: number, dim: number): Variable {
  // tidy disposes the initial value; variables survive it.
  return tf.tidy(() => tf.variable(tf.randomNormal([rows, dim], 0, 0.01, "float32", 1)));
}

/** PyTorch's nn.Linear initialisation: uniform in +-1/sqrt(fanIn). */
function dense(tf: Tf, fanIn: number, fanOut: number): [Variable, Variable] {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.tidy(() => [
    tf.variable(tf.randomUniform([fanIn, fanOut], -bound, bound, "float32", 2)),
    tf.variable(tf.randomUniform([fanOut], -bound, bound, "float32", 3)),
  ]);
}

export function matrixFactorization(tf: Tf, s: Sizes): Model & { userFactors: Variable; itemFactors: Variable } {
  const P = embedding(tf, s.numUsers, s.dim);
  const Q = embedding(tf, s.numItems, s.dim);
  return {
    variables: [P, Q],
    userFactors: P,
    itemFactors: Q,
    logits: (u, i) => embeddingDot(tf, P, Q, u, i),
  };
}

/** NeuMF: GMF (dim) + MLP tower 64-32-16-8 on concatenated 32+32 embeddings, as torch_reference.py. */
export function neuMF(tf: Tf, s: Sizes): Model {
  const Pg = embedding(tf, s.numUsers, s.dim);
  const Qg = embedding(tf, s.numItems, s.dim);
  const Pm = embedding(tf, s.numUsers, 32);
  const Qm = embedding(tf, s.numItems, 32);
  const tower = [dense(tf, 64, 32), dense(tf, 32, 16), dense(tf, 16, 8)];
  const [Wo, bo] = dense(tf, s.dim + 8, 1);
  return {
    variables: [Pg, Qg, Pm, Qm, ...tower.flat(), Wo, bo],
    logits: (u, i) => {
      const g = tf.mul(tf.gather(Pg, u), tf.gather(Qg, i));
      let m: Tensor = tf.concat([tf.gather(Pm, u), tf.gather(Qm, i)], 1);
      for (const [W, b] of tower) m = tf.relu(tf.add(tf.matMul(m, W), b));
      return tf.reshape(tf.add(tf.matMul(tf.concat([g, m], 1), Wo), bo), [-1]);
    },
  };
}

/** One pass over the examples in batches; returns the last batch's loss. */
export function trainEpoch(
  tf: Tf,
  model: Model,
  optimizer: ReturnType<Tf["train"]["adam"]>,
  ex: Examples,
  batch: number,
): number {
  let last: Tensor | null = null;
  for (let s = 0; s < ex.users.length; s += batch) {
    const e = Math.min(s + batch, ex.users.length);
    last?.dispose();
    last = tf.tidy(() => {
      const u = tf.tensor1d(ex.users.subarray(s, e), "int32");
      const i = tf.tensor1d(ex.items.subarray(s, e), "int32");
      const y = tf.tensor1d(ex.labels.subarray(s, e), "float32");
      return optimizer.minimize(() => sigmoidCrossEntropy(tf, y, model.logits(u, i)), true, model.variables)!;
    });
  }
  const loss = last === null ? NaN : last.dataSync()[0]!;
  last?.dispose();
  return loss;
}
