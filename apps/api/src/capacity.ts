import type { CapacityJson } from "@rectune/api-contract";
import { ACCELERATORS, type Accelerator, acceleratorOf, acceleratorsServedBy } from "@rectune/spec";
import type { StudyRow, WorkerLoad } from "@rectune/store";

/**
 * Who serves which capability queue: each live worker (heart-beat within `staleAfterMs`) consumes the queues
 * its backend serves. A queue with a backlog and no live worker, and a running study whose capability no
 * live worker has, are reported as unserved: their trials wait for a worker that does not exist yet.
 */
export function capacityOf(
  workers: readonly WorkerLoad[],
  runningStudies: readonly Pick<StudyRow, "id" | "name" | "spec">[],
  backlog: Readonly<Record<Accelerator, number>>,
  staleAfterMs: number,
): CapacityJson {
  const live = workers.filter((w) => w.silentForMs <= staleAfterMs);
  const queues = ACCELERATORS.map((accelerator) => {
    const serving = live.filter((w) => acceleratorsServedBy(w.backend).includes(accelerator));
    return {
      accelerator,
      backlog: backlog[accelerator],
      liveWorkers: serving.length,
      slots: serving.reduce((sum, w) => sum + w.concurrency, 0),
      unserved: serving.length === 0 && backlog[accelerator] > 0,
    };
  });
  const unservedStudies = runningStudies.flatMap((s) => {
    const accelerator = acceleratorOf(s.spec);
    if (queues.find((q) => q.accelerator === accelerator)?.liveWorkers) return [];
    const reason =
      accelerator === "gpu"
        ? "its trials need a GPU worker (tfjs-node-gpu) and none is live"
        : accelerator === "cpu"
          ? "its trials need a CPU worker and none is live"
          : "no worker is live";
    return [{ id: s.id, name: s.name, accelerator, reason }];
  });
  return { staleAfterMs, queues, unservedStudies };
}
