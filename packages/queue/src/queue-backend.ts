import type { IQueueBackend, JobProgress, Processor, Queue, QueueOptions, Worker, WorkerOptions } from "bullmq";
import type { QueueConnection } from "./connection.js";

// BullMQ types its classes by backend and by connection options; those options appear both as a
// property and as a factory parameter, so only `any` lets a Redis and a PostgreSQL queue share a type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type AnyConnection = any;
/** A BullMQ queue on whichever datastore the backend uses. */
export type AnyQueue<T> = Queue<T, unknown, string, T, unknown, string, IQueueBackend, AnyConnection>;
/** A BullMQ worker on whichever datastore the backend uses. */
export type AnyWorker<T, R> = Worker<T, R, string, IQueueBackend, JobProgress, AnyConnection>;

export type QueueSettings = Omit<QueueOptions, "connection" | "prefix">;
export type WorkerSettings = Omit<WorkerOptions, "connection" | "prefix">;

/**
 * Where a backend reports errors of its connections, queues and workers (a Redis that went away, a
 * PostgreSQL restart): each is one call, which apps log as one line. Without a listener ioredis and BullMQ
 * print raw multi-line stacks, or crash the process on an unhandled `error` event.
 */
export type QueueErrorListener = (source: "redis" | "queue" | "worker", error: Error) => void;

/**
 * The only place that knows which datastore carries the queue: everything above it works with plain
 * BullMQ Queue and Worker objects, the same in both modes.
 */
export interface QueueBackend {
  readonly kind: QueueConnection["kind"];
  createQueue<T>(name: string, options?: QueueSettings): AnyQueue<T>;
  createWorker<T, R>(name: string, processor: Processor<T, R>, options: WorkerSettings): AnyWorker<T, R>;
  /** Round trip to the datastore (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
