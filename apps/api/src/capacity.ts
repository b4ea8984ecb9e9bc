import type { CapacityJson } from "@rectune/api-contract";
import { ACCELERATORS, type Accelerator, acceleratorOf, acceleratorsServedBy, whyUnservable } from "@rectune/spec";
import type { StudyRow, WorkerLoad } from "@rectune/store";

/**
 * Who serves which capability queue: each live worker (heart-beat within `staleAfterMs`) consumes the queues
 * its backend serves. A queue with a backlog and no live worker, and a running study that no live worker can
 * hold (its capability, its cpus, its GPU memory), are reported as unserved, with why: their trials wait for
 * a worker that does not exist yet.
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
  // Not servable: no live worker consumes the study's queue, or every one that does is smaller than its
  // trials (more cpus than its slots, more GPU memory than its GPU).
  const unservedStudies = runningStudies.flatMap((s) => {
    const reason = whyUnservable({ ...s.spec.resources, accelerator: acceleratorOf(s.spec) }, live);
    return reason === null ? [] : [{ id: s.id, name: s.name, accelerator: acceleratorOf(s.spec), reason }];
  });
  return { staleAfterMs, queues, unservedStudies };
}
