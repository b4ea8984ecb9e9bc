import {
  createPostgresBackend,
  type PostgresConnectionOptions,
  type PostgresPoolConfig,
  type PostgresQueueBackend,
  type Processor,
  Queue,
  Worker,
} from "bullmq";
import pg from "pg";
import type {
  AnyQueue,
  AnyWorker,
  QueueBackend,
  QueueErrorListener,
  QueueSettings,
  WorkerSettings,
} from "./queue-backend.js";
import type { QueueConnection } from "./connection.js";

/**
 * Single-machine (and Redis-less) mode: BullMQ's own PostgreSQL backend, in a schema of the study
 * database. Each Queue and Worker owns a small pool; BullMQ creates or upgrades its tables on connect
 * (`migrate: true` — without it a fresh database fails with SchemaMigrationRequiredError).
 */
export class PostgresBackend implements QueueBackend {
  readonly kind = "postgres";
  private readonly owned: { close(): Promise<void> }[] = [];

  constructor(
    private readonly connection: Extract<QueueConnection, { kind: "postgres" }>,
    private readonly onError: QueueErrorListener,
  ) {}

  private config(): PostgresPoolConfig {
    // The LISTEN connection of a worker is separate from this pool, so a few pooled clients suffice.
    return {
      connectionString: this.connection.connectionString,
      schema: this.connection.schema,
      migrate: true,
      max: 4,
    };
  }

  createQueue<T>(name: string, options: QueueSettings = {}): AnyQueue<T> {
    const queue = new Queue<T, unknown, string, T, unknown, string, PostgresQueueBackend, PostgresConnectionOptions>(
      name,
      { ...options, connection: this.config() },
      createPostgresBackend,
    );
    queue.on("error", (err: Error) => this.onError("queue", err));
    this.owned.push(queue);
    return queue;
  }

  createWorker<T, R>(name: string, processor: Processor<T, R>, options: WorkerSettings): AnyWorker<T, R> {
    const worker = new Worker(name, processor, { ...options, connection: this.config() }, createPostgresBackend);
    worker.on("error", (err: Error) => this.onError("worker", err));
    this.owned.push(worker);
    return worker;
  }

  async ping(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connection.connectionString, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Closes what its owners left open (closing twice is a no-op in BullMQ). */
  async close(): Promise<void> {
    await Promise.all(this.owned.splice(0).map((o) => o.close().catch(() => undefined)));
  }
}
