import type { QueueConnection } from "./connection.js";
import { PostgresBackend } from "./postgres-backend.js";
import type { QueueBackend } from "./queue-backend.js";
import { RedisBackend } from "./redis-backend.js";

/** The backend for a connection: the one switch over the queue's datastores. */
export function createQueueBackend(connection: QueueConnection): QueueBackend {
  switch (connection.kind) {
    case "redis":
      return new RedisBackend(connection);
    case "postgres":
      return new PostgresBackend(connection);
  }
}
