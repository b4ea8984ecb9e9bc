import { type ConnectionOptions, Queue, type QueueOptions, Worker, type WorkerOptions, type Processor } from "bullmq";
import { Redis } from "ioredis";
import type { QueueConnection } from "./connection.js";

/**
 * The only place that knows which datastore carries the queue: everything above it works with plain
 * BullMQ Queue and Worker objects.
 */
export interface QueueBackend {
  createQueue<T>(name: string, options?: Omit<QueueOptions, "connection" | "prefix">): Queue<T>;
  createWorker<T, R>(name: string, processor: Processor<T, R>, options: Omit<WorkerOptions, "connection" | "prefix">): Worker<T, R>;
  /** Round trip to the datastore (readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

class RedisBackend implements QueueBackend {
  private readonly clients: Redis[] = [];

  constructor(private readonly connection: Extract<QueueConnection, { kind: "redis" }>) {}

  private client(): Redis {
    // BullMQ requires maxRetriesPerRequest: null on blocking connections.
    const redis = new Redis(this.connection.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.clients.push(redis);
    return redis;
  }

  createQueue<T>(name: string, options: Omit<QueueOptions, "connection" | "prefix"> = {}): Queue<T> {
    return new Queue<T>(name, { ...options, connection: this.client() as ConnectionOptions, prefix: this.connection.prefix });
  }

  createWorker<T, R>(name: string, processor: Processor<T, R>, options: Omit<WorkerOptions, "connection" | "prefix">): Worker<T, R> {
    return new Worker<T, R>(name, processor, { ...options, connection: this.client() as ConnectionOptions, prefix: this.connection.prefix });
  }

  async ping(): Promise<void> {
    const redis = new Redis(this.connection.url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 2000 });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
  }
}

export function createQueueBackend(connection: QueueConnection): QueueBackend {
  switch (connection.kind) {
    case "redis":
      return new RedisBackend(connection);
  }
}
