import * as tfjs from "@tensorflow/tfjs";
import { registerFastCpuKernels } from "./fast-cpu-kernels.js";
import type { Tf } from "./tf.js";

let registered = false;

/** Tests' tfjs: the pure-JS cpu backend, which every machine has, with typed-array gather kernels. */
export async function cpuTf(): Promise<Tf> {
  await tfjs.setBackend("cpu");
  await tfjs.ready();
  if (!registered) registerFastCpuKernels(tfjs);
  registered = true;
  return tfjs;
}
