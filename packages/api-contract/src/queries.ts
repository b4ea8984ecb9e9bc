import { z } from "zod";
import { studyStatusSchema } from "./studies.js";
import { trialStateSchema } from "./trials.js";

// Query strings of the API's reads: parsed by the API, documented in its OpenAPI document, built by the
// typed client.

/** `GET /v1/studies`. */
export const studyListQuerySchema = z.strictObject({
  status: studyStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  /** Only studies whose name contains this (any case). */
  name: z.string().trim().min(1).max(200).optional(),
});

/** `GET /v1/studies/:id/trials`. */
export const trialPageQuerySchema = z.strictObject({
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  state: trialStateSchema.optional(),
});

export const DEFAULT_LEADERBOARD_LIMIT = 10;
export const MAX_LEADERBOARD_LIMIT = 1000;

/** `GET /v1/studies/:id/leaderboard`. */
export const leaderboardQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_LEADERBOARD_LIMIT).default(DEFAULT_LEADERBOARD_LIMIT),
});

/** `GET /v1/studies/:id/importance`. */
export const importanceQuerySchema = z.strictObject({
  /** Which objective (index into the study's objectives). */
  objective: z.coerce.number().int().min(0).max(7).default(0),
});

/** `GET /v1/studies/:id/curves`. */
export const curvesQuerySchema = z.strictObject({
  /** At most this many curves; the rest are summarised by the per-step quantile bands. */
  curves: z.coerce.number().int().min(1).max(1000).default(100),
  /** At most this many points per curve (downsampled with LTTB). */
  points: z.coerce.number().int().min(3).max(5000).default(200),
  /** Trial numbers always drawn, comma-separated (the one a page is about). */
  include: z
    .string()
    .regex(/^\d{1,9}(,\d{1,9}){0,49}$/, "comma-separated trial numbers (at most 50)")
    .transform((s) => s.split(",").map(Number))
    .optional(),
});

/** `GET /v1/events`. */
export const eventsQuerySchema = z.strictObject({
  /** One study's trial and status events; without it, every study's status and progress (the list). */
  study: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
});
