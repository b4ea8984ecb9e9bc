import { isMetricName } from "@rectune/spec";
import { z } from "zod";

/** `POST /v1/studies/:id/recommendations?trial=N`: serve that trial's own model instead of the champion. */
export const servingQuerySchema = z.strictObject({
  // Bounded by PostgreSQL's integer: a larger number is a clear 400 on `query.trial`, not a failed query.
  trial: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});

/** `GET /v1/leaderboards` query. */
export const datasetLeaderboardQuerySchema = z.strictObject({
  /** A data set fingerprint, as in a champion's `refit.dataset`. */
  dataset: z.string().regex(/^[0-9a-f]{16}$/, "a data set fingerprint: 16 hex characters (a champion's refit.dataset)"),
  metric: z.string().refine(isMetricName, { message: "a ranking metric such as ndcg@10" }).default("ndcg@10"),
});

/** `POST /v1/studies/:id/recommendations` body: original user ids (as strings), top `k`, without seen items by default. */
export const recommendationRequestSchema = z.strictObject({
  users: z.array(z.string().min(1).max(200)).min(1).max(1000),
  k: z.number().int().min(1).max(1000).default(10),
  excludeSeen: z.boolean().default(true),
});

/** Its answer: for each user, the items ranked by score (original item ids, as strings). */
export const recommendationsSchema = z.object({
  study: z.number().int(),
  /** The trial whose model answered: the champion's, or the one asked for with `?trial=`. */
  trial: z.number().int(),
  recommendations: z.array(
    z.object({ user: z.string(), items: z.array(z.object({ item: z.string(), score: z.number() })) }),
  ),
});

/**
 * `GET /v1/studies/:id/model`: the champion in tfjs's weight format (a `weightsManifest` entry and its
 * data, base64) with the id maps (row i of an embedding is `userIds[i]` / `itemIds[i]`). Closed-form
 * families (pop, itemknn, ease) keep no weights: `weights` is null and they are refitted from `params`.
 */
export const modelDownloadSchema = z.object({
  study: z.number().int(),
  trial: z.number().int(),
  family: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  epochs: z.number().int().nullable(),
  format: z.literal("tfjs-weights"),
  weights: z
    .object({
      weightsManifest: z.array(
        z.object({
          paths: z.array(z.string()),
          weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() })),
        }),
      ),
      weightData: z.base64(),
    })
    .nullable(),
  userIds: z.array(z.string()),
  itemIds: z.array(z.string()),
});

export type RecommendationRequest = z.infer<typeof recommendationRequestSchema>;
export type RecommendationsJson = z.infer<typeof recommendationsSchema>;
export type ModelDownloadJson = z.infer<typeof modelDownloadSchema>;

/**
 * `GET /v1/leaderboards?dataset=&metric=`: the refitted champions of every study on one data set (same
 * ratings file content, preprocessing and split), best refit test figure first.
 */
export const datasetLeaderboardSchema = z.object({
  dataset: z.string(),
  metric: z.string(),
  champions: z.array(
    z.object({
      rank: z.number().int(),
      study: z.number().int(),
      name: z.string(),
      /** The champion's model family. */
      family: z.string(),
      /** The study's sampler and pruner, as configured. */
      strategy: z.object({ sampler: z.string(), pruner: z.string() }),
      trial: z.number().int(),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      /** The refit's test value of `metric`. */
      test: z.number(),
      /** The trial's validation objective values. */
      validation: z.array(z.number()),
    }),
  ),
});

export type DatasetLeaderboardJson = z.infer<typeof datasetLeaderboardSchema>;
