import { ACCELERATORS } from "@rectune/spec";
import { z } from "zod";

/** One capability queue: its backlog and the live workers that consume it. */
export const queueCapacitySchema = z.object({
  accelerator: z.enum(ACCELERATORS),
  /** Jobs no worker has taken yet (waiting + delayed + prioritized): what autoscaling scales on. */
  backlog: z.number().int(),
  /** Live workers consuming this queue, and the trials they may run at once in all. */
  liveWorkers: z.number().int(),
  slots: z.number().int(),
  /** True when trials wait here and no live worker consumes the queue: they wait until one starts. */
  unserved: z.boolean(),
});

/** `GET /v1/capacity`: per capability queue, its backlog and who serves it; studies that no live worker serves. */
export const capacitySchema = z.object({
  staleAfterMs: z.number().int(),
  queues: z.array(queueCapacitySchema),
  /**
   * Running studies no live worker can serve, with why: a capability none has (a GPU study and CPU workers
   * only), or more cpus or GPU memory than the largest live worker of that capability has.
   */
  unservedStudies: z.array(
    z.object({ id: z.number().int(), name: z.string(), accelerator: z.enum(ACCELERATORS), reason: z.string() }),
  ),
});

export type QueueCapacityJson = z.infer<typeof queueCapacitySchema>;
export type CapacityJson = z.infer<typeof capacitySchema>;
