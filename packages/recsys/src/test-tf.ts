import { loadTensorflow } from "@rectune/tfjs-backend";
import type { Tf } from "./tf.js";

/**
 * Tests' tfjs: tfjs's pure-JS cpu backend with the project's typed-array kernels (gather, segment sum,
 * elementwise), which every machine has; the plain cpu kernels make embedding training far too slow.
 */
export async function cpuTf(): Promise<Tf> {
  return (await loadTensorflow({ force: "cpu-accelerated" })).tf;
}
