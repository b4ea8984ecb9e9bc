import { z } from "zod";

/** Where the queue lives. Chosen once, from the configuration, by the app that starts. */
export const queueConnectionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("redis"),
    url: z.string().url(),
    /** Key prefix: lets several clusters (or test runs) share one Redis. */
    prefix: z.string().min(1).default("rectune"),
  }),
]);

export type QueueConnection = z.infer<typeof queueConnectionSchema>;
