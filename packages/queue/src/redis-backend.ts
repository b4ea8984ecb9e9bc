import { type ConnectionOptions, Queue, Worker, type Processor } from "bullmq";
import { Redis } from "ioredis";
import type {
  AnyQueue,
  AnyWorker,
  QueueBackend,
  QueueErrorListener,
  QueueSettings,
  WorkerSettings,
} from "./queue-backend.js";
import type { QueueConnection } from "./connection.js";

/** Cluster mode: the queue lives in Redis, under a key prefix. */
export class RedisBackend implements QueueBackend {
  readonly kind = "redis";
  private readonly clients: Redis[] = [];

  constructor(
    private readonly connection: Extract<QueueConnection, { kind: "redis" }>,
    private readonly onError: QueueErrorListener,
  ) {}

  private client(): Redis {
    // BullMQ requires maxRetriesPerRequest: null on blocking connections.
    const redis = new Redis(this.connection.url, { maxRetriesPerRequest: null, lazyConnect: false });
    redis.on("error", (err: Error) => this.onError("redis", err));
    this.clients.push(redis);
    return redis;
  }

  createQueue<T>(name: string, options: QueueSettings = {}): AnyQueue<T> {
    const queue = new Queue<T, unknown, string, T, unknown, string>(name, {
      ...options,
      connection: this.client() as ConnectionOptions,
      prefix: this.connection.prefix,
    });
    queue.on("error", (err: Error) => this.onError("queue", err));
    return queue;
  }

  createWorker<T, R>(name: string, processor: Processor<T, R>, options: WorkerSettings): AnyWorker<T, R> {
    const worker = new Worker<T, R>(name, processor, {
      ...options,
      connection: this.client() as ConnectionOptions,
      prefix: this.connection.prefix,
    });
    worker.on("error", (err: Error) => this.onError("worker", err));
    return worker;
  }

  async ping(): Promise<void> {
    const redis = new Redis(this.connection.url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 2000 });
    redis.on("error", () => undefined); // the ping's own rejection reports it
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
