import type { StudyReads } from "../contract/study-reads.js";
import type { WorkerRegistry } from "../contract/worker-registry.js";
import type { MemoryData } from "./memory-data.js";

export function memoryWorkers(data: MemoryData): WorkerRegistry & Pick<StudyReads, "workers"> {
  return {
    async registerWorker(info) {
      const now = data.now();
      data.workers.set(info.id, {
        ...info,
        gpus: info.gpus ?? 0,
        gpuMemoryMb: info.gpuMemoryMb ?? null,
        objectives: structuredClone(info.objectives ?? {}),
        startedAt: data.workers.get(info.id)?.startedAt ?? now,
        lastSeenAt: now,
      });
    },

    async touchWorker(id) {
      const worker = data.workers.get(id);
      if (worker) data.workers.set(id, { ...worker, lastSeenAt: data.now() });
    },

    async expireWorkers(silentForMs) {
      const before = data.now().getTime() - silentForMs;
      const dead = [...data.workers.values()].filter((w) => w.lastSeenAt.getTime() < before);
      for (const w of dead) data.workers.delete(w.id);
      return dead.length;
    },

    async workers() {
      return [...data.workers.values()].sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
    },
  };
}
