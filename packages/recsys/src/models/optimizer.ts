import type { Tf } from "../tf.js";

export function createOptimizer(
  tf: Tf,
  name: "sgd" | "adam" | "adagrad" | "rmsprop",
  lr: number,
): import("@tensorflow/tfjs").Optimizer {
  switch (name) {
    case "sgd":
      return tf.train.sgd(lr);
    case "adam":
      return tf.train.adam(lr);
    case "adagrad":
      return tf.train.adagrad(lr);
    case "rmsprop":
      return tf.train.rmsprop(lr);
  }
}
