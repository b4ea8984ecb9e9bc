import type { Rng } from "@rectune/search";
import type { Tensor, Tf, Variable } from "../tf.js";

// tf.variable keeps its initial tensor alive; building it inside tidy frees that tensor (tidy never
// disposes variables).
const variableOf = (tf: Tf, init: () => Tensor): Variable => tf.tidy(() => tf.variable(init(), true));

/** A trainable variable with N(0, std²) entries, seeded from the trial's RNG. */
export const normalVariable = (tf: Tf, shape: number[], std: number, rng: Rng): Variable => {
  const seed = rng.int(2 ** 31);
  return variableOf(tf, () => tf.randomNormal(shape, 0, std, "float32", seed));
};

export const zerosVariable = (tf: Tf, shape: number[]): Variable => variableOf(tf, () => tf.zeros(shape));

export const onesVariable = (tf: Tf, shape: number[]): Variable => variableOf(tf, () => tf.ones(shape));

/** Glorot-uniform weights for a dense layer. */
export const glorotVariable = (tf: Tf, fanIn: number, fanOut: number, rng: Rng): Variable => {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const seed = rng.int(2 ** 31);
  return variableOf(tf, () => tf.randomUniform([fanIn, fanOut], -limit, limit, "float32", seed));
};
