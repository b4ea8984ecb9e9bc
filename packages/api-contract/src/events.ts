import { z } from "zod";
import { progressSchema, studyStatusSchema } from "./studies.js";
import { trialSchema } from "./trials.js";

/**
 * The events of `GET /v1/events` (server-sent events; `?study=<id>` for one study's trials, none for the
 * studies list). Each SSE message's `event:` is the `type` below and its `data:` the JSON object.
 */
export const trialEventSchema = z.object({ type: z.literal("trial"), studyId: z.number().int(), trial: trialSchema });
export const studyEventSchema = z.object({
  type: z.literal("study"),
  studyId: z.number().int(),
  /** The study's project (a project's key hears only its own studies). */
  projectId: z.number().int(),
  status: studyStatusSchema,
  progress: progressSchema,
});
/**
 * `live: false`: the server's change feed dropped and changes may have been missed until the next
 * `live: true`, after which a client should read what it shows again.
 */
export const feedEventSchema = z.object({ type: z.literal("feed"), live: z.boolean() });

export const liveEventSchema = z.discriminatedUnion("type", [trialEventSchema, studyEventSchema, feedEventSchema]);

export type TrialEvent = z.infer<typeof trialEventSchema>;
export type StudyEvent = z.infer<typeof studyEventSchema>;
export type FeedEvent = z.infer<typeof feedEventSchema>;
export type LiveEvent = z.infer<typeof liveEventSchema>;
