import { execFileSync } from "node:child_process";
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

/**
 * The memory of the smallest GPU `nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits` lists,
 * in MB (one line per GPU); null when it lists none it could read.
 */
export function smallestGpuMemoryMb(nvidiaSmiOutput: string): number | null {
  const sizes = nvidiaSmiOutput
    .split("\n")
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((mb) => Number.isInteger(mb) && mb > 0);
  return sizes.length === 0 ? null : Math.min(...sizes);
}

/**
 * What a GPU worker announces as its GPU memory: `--gpu-memory-mb` (or RECTUNE_WORKER_GPU_MEMORY_MB) when
 * given, else what nvidia-smi reports for the GPUs CUDA_VISIBLE_DEVICES names, else null (unknown: placement
 * then does not hold a study's gpuMemoryMb against this worker). A CPU worker has none.
 */
export function gpuMemoryMb(
  backend: BackendName,
  given: number | undefined,
  cudaVisibleDevices: string | undefined,
): number | null {
  if (backend !== "tensorflow-gpu") return null;
  if (given !== undefined) return given;
  const devices = cudaVisibleDevices?.trim() ? [`--id=${cudaVisibleDevices.trim()}`] : [];
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=memory.total", "--format=csv,noheader,nounits", ...devices], {
      encoding: "utf8",
      timeout: 10_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return smallestGpuMemoryMb(out);
  } catch {
    // No nvidia-smi in the image, or no driver: the memory stays unknown; the worker still runs.
    return null;
  }
}
