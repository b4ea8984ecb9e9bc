export {
  loadTensorflow,
  BackendName,
  backendNames,
  type LoadedTensorflow,
  type LoadOptions,
  type Tf,
} from "./load-tensorflow.js";
export { CPU_ACCELERATED, registerCpuAccelerated } from "./cpu-accelerated-backend.js";
export { registerWasm } from "./wasm-backend.js";
export { embeddingDot } from "./embedding-dot.js";
export { sigmoidCrossEntropy } from "./sigmoid-cross-entropy.js";
