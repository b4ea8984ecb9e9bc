import type { QueueConnection } from "./connection.js";
import { PostgresBackend } from "./postgres-backend.js";
import type { QueueBackend, QueueErrorListener } from "./queue-backend.js";
import { RedisBackend } from "./redis-backend.js";

/**
 * The backend for a connection: the one switch over the queue's datastores. `onError` hears every error
 * of its connections, queues and workers (default: one JSON line on stderr).
 */
export function createQueueBackend(
  connection: QueueConnection,
  onError: QueueErrorListener = defaultErrorListener,
): QueueBackend {
  switch (connection.kind) {
    case "redis":
      return new RedisBackend(connection, onError);
    case "postgres":
      return new PostgresBackend(connection, onError);
  }
}

function defaultErrorListener(source: string, error: Error): void {
  process.stderr.write(`${JSON.stringify({ level: "warn", source, err: error.message, msg: "queue error" })}\n`);
}
