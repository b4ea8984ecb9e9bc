import { availableParallelism } from "node:os";
import type { BackendName } from "@rectune/tfjs-backend";

/**
 * The GPUs this worker may use: `--gpus` when given, else as many as CUDA_VISIBLE_DEVICES lists (the
 * NVIDIA device plugin sets it to the GPUs a Kubernetes pod was given), else one.
 */
export function visibleGpus(gpusOption: number | undefined, cudaVisibleDevices: string | undefined): number {
  if (gpusOption !== undefined) return gpusOption;
  if (cudaVisibleDevices === undefined) return 1;
  const listed = cudaVisibleDevices.split(",").filter((d) => d.trim() !== "" && d.trim() !== "-1");
  return listed.length;
}

/**
 * Trials a worker runs at once when not told: one per GPU on tfjs-node-gpu, one per core otherwise (each
 * trial trains on a core of its own: in a trial thread on the JavaScript backends, in TensorFlow's thread
 * pool on the native CPU backend).
 */
export function defaultConcurrency(backend: BackendName, gpus: number): number {
  return backend === "tensorflow-gpu" ? Math.max(1, gpus) : availableParallelism();
}
