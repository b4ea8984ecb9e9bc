import * as tfjs from "@tensorflow/tfjs";
import type { Tf } from "./tf.js";

/** Tests' tfjs: the pure-JS cpu backend, which every machine has. */
export async function cpuTf(): Promise<Tf> {
  await tfjs.setBackend("cpu");
  await tfjs.ready();
  return tfjs;
}
