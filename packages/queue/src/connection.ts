import { z } from "zod";

/** A PostgreSQL schema name BullMQ accepts (it quotes it into DDL). */
const schemaName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, "lower-case letters, digits and underscores")
  .max(63);

/** Where the queue lives. Chosen once, from the configuration, by the app that starts. */
export const queueConnectionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("redis"),
    url: z.string().url(),
    /** Key prefix: lets several clusters (or test runs) share one Redis. */
    prefix: z.string().min(1).default("rectune"),
  }),
  z.strictObject({
    kind: z.literal("postgres"),
    connectionString: z.string().url(),
    /** The PostgreSQL schema holding BullMQ's tables: lets several clusters share one database. */
    schema: schemaName.default("rectune_queue"),
  }),
]);

export type QueueConnection = z.infer<typeof queueConnectionSchema>;

/**
 * The one rule that picks the queue's datastore: Redis when a Redis URL is given (cluster mode),
 * otherwise BullMQ's PostgreSQL backend in the study database. `namespace` becomes the Redis key
 * prefix, or the schema `<namespace>_queue` (non-identifier characters replaced by `_`).
 */
export function chooseQueueConnection(settings: {
  redisUrl?: string | undefined;
  databaseUrl: string;
  namespace: string;
}): QueueConnection {
  if (settings.redisUrl)
    return queueConnectionSchema.parse({ kind: "redis", url: settings.redisUrl, prefix: settings.namespace });
  const schema = `${settings.namespace.toLowerCase().replace(/[^a-z0-9_]/g, "_")}_queue`
    .replace(/^(?=[0-9])/, "_")
    .slice(0, 63);
  return queueConnectionSchema.parse({ kind: "postgres", connectionString: settings.databaseUrl, schema });
}
