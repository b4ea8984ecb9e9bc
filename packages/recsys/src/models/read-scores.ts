import type { Tensor, Tf } from "../tf.js";

/**
 * The values of a score tensor built in `tf.tidy`, read outside it. Returning a typed array from tidy
 * makes tfjs walk every element of it looking for tensors to keep (walkTensorContainer): for a batch of
 * users × every item that walk cost several times the scoring itself.
 */
export function readScores(tf: Tf, build: () => Tensor): Float32Array {
  const scores = tf.tidy(build);
  try {
    return scores.dataSync() as Float32Array;
  } finally {
    scores.dispose();
  }
}
