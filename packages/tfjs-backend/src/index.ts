export {
  loadTensorflow,
  BackendName,
  backendNames,
  type LoadedTensorflow,
  type LoadOptions,
} from "./load-tensorflow.js";
export type { Tf } from "./tf.js";
export { CPU_ACCELERATED, registerCpuAccelerated } from "./cpu-accelerated-backend.js";
export { registerWasm } from "./wasm-backend.js";
export { embeddingDot } from "./embedding-dot.js";
export { sigmoidCrossEntropy } from "./sigmoid-cross-entropy.js";
export { mfBprLoss } from "./mf-bpr-loss.js";
