import type { StudyReads } from "../contract/study-reads.js";
import type { WorkerRegistry } from "../contract/worker-registry.js";
import type { Database } from "./database.js";

/** The `workers` table; its timestamps are the database's clock. */
export function postgresWorkers({ db }: Database): WorkerRegistry & Pick<StudyReads, "workers"> {
  return {
    async registerWorker({ id, host, pid, backend, concurrency, gpus = 0, gpuMemoryMb = null, objectives = {} }) {
      await db.$executeRaw`
        INSERT INTO workers (id, host, pid, backend, concurrency, gpus, gpu_memory_mb, objectives, started_at, last_seen_at)
        VALUES (${id}, ${host}, ${pid}, ${backend}, ${concurrency}, ${gpus}, ${gpuMemoryMb},
          ${JSON.stringify(objectives)}::jsonb, now(), now())
        ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, backend = excluded.backend,
          concurrency = excluded.concurrency, gpus = excluded.gpus, gpu_memory_mb = excluded.gpu_memory_mb,
          objectives = excluded.objectives, last_seen_at = now()`;
    },

    async touchWorker(id) {
      await db.$executeRaw`UPDATE workers SET last_seen_at = now() WHERE id = ${id}`;
    },

    async expireWorkers(silentForMs) {
      return db.$executeRaw`
        DELETE FROM workers WHERE last_seen_at < now() - make_interval(secs => ${silentForMs / 1000})`;
    },

    async workers() {
      const rows = await db.worker.findMany({ orderBy: { lastSeenAt: "desc" } });
      return rows.map((w) => ({ ...w, objectives: (w.objectives ?? {}) as Record<string, unknown> }));
    },
  };
}
