import { type Accelerator, acceleratorsServedBy, type Resources } from "./resources.js";

/** What a worker announces it can hold (the `workers` table): its backend, trial slots and GPU memory. */
export interface WorkerCapacity {
  readonly backend: string;
  /** Trials it runs at once: one per core on a CPU worker, one per GPU on a GPU worker. */
  readonly concurrency: number;
  /** The memory of its smallest GPU, in MB; null where unknown (no nvidia-smi, no --gpu-memory-mb) or no GPU. */
  readonly gpuMemoryMb: number | null;
}

/** What a trial asks of a worker; a stored spec without `resources` asks nothing beyond one slot. */
export type TrialNeeds = Pick<Resources, "gpuMemoryMb" | "cpus"> & { readonly accelerator?: Accelerator };

const servesGpu = (w: Pick<WorkerCapacity, "backend">): boolean => acceleratorsServedBy(w.backend).includes("gpu");

/**
 * The slots one trial takes on a worker. A CPU worker's slots are its cores: a trial needing `cpus: k` takes
 * k of them, so a worker with concurrency N runs at most floor(N / k) such trials at once, and mixes sizes
 * by the slots left. A GPU worker's slots are its GPUs: a trial takes one, whatever its `cpus`.
 */
export function slotsFor(needs: TrialNeeds, worker: Pick<WorkerCapacity, "backend">): number {
  return servesGpu(worker) ? 1 : (needs.cpus ?? 1);
}

/**
 * Why this worker can never run such a trial (beyond its queues, which it only consumes where it can):
 * more slots than it has, or more GPU memory than its GPU has. Null when it can; an unknown GPU memory is
 * not held against it.
 */
export function whyNotOn(needs: TrialNeeds, worker: WorkerCapacity): string | null {
  const slots = slotsFor(needs, worker);
  if (slots > worker.concurrency) return `needs ${slots} cpus and the worker has ${worker.concurrency} slot(s)`;
  if (needs.gpuMemoryMb !== undefined && worker.gpuMemoryMb !== null && needs.gpuMemoryMb > worker.gpuMemoryMb)
    return `needs ${needs.gpuMemoryMb} MB of GPU memory and the worker's GPU has ${worker.gpuMemoryMb} MB`;
  return null;
}

/**
 * Why no live worker can serve a study's trials, or null when one can: none consumes its capability queue,
 * or every one that does is too small (the largest of them named).
 */
export function whyUnservable(needs: TrialNeeds, live: readonly WorkerCapacity[]): string | null {
  const accelerator = needs.accelerator ?? "any";
  const serving = live.filter((w) => acceleratorsServedBy(w.backend).includes(accelerator));
  if (serving.length === 0)
    return accelerator === "gpu"
      ? "its trials need a GPU worker (tfjs-node-gpu) and none is live"
      : accelerator === "cpu"
        ? "its trials need a CPU worker and none is live"
        : "no worker is live";
  if (serving.some((w) => whyNotOn(needs, w) === null)) return null;
  const cpuWorkers = serving.filter((w) => !servesGpu(w));
  const mostSlots = Math.max(0, ...cpuWorkers.map((w) => w.concurrency));
  if (needs.cpus !== undefined && cpuWorkers.length > 0 && needs.cpus > mostSlots)
    return `its trials need ${needs.cpus} cpus and the largest live CPU worker has ${mostSlots} slot(s)`;
  const largestGpu = Math.max(0, ...serving.map((w) => w.gpuMemoryMb ?? 0));
  return `its trials need ${needs.gpuMemoryMb ?? 0} MB of GPU memory and the largest live GPU worker has ${largestGpu} MB`;
}
