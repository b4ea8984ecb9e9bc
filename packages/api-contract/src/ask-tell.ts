import { z } from "zod";
import { paramsSchema, trialStateSchema } from "./trials.js";

// Request and response bodies of the ask/tell endpoints: trials of `target: { kind: external }` studies,
// run by the user's own code (any language) under a lease.

/** `POST /v1/studies/:id/trials:ask` (the body may be empty). */
export const askRequestSchema = z.strictObject({
  /** Who runs the trial (host:pid, a job id): shown as the trial's worker. */
  client: z.string().trim().min(1).max(200).optional(),
});

/** A trial handed to a client: report and tell under `attempt`; the lease lapses at `leaseUntil` without a report. */
export const askedTrialSchema = z.object({
  /** The trial's id: the path of its report and tell. */
  trial: z.number().int(),
  number: z.number().int(),
  params: paramsSchema,
  /** The lease: reports and the result are accepted only under this attempt. */
  attempt: z.number().int(),
  leaseUntil: z.iso.datetime(),
});

const metricsSchema = z.record(z.string().min(1).max(100), z.number());

/** `POST /v1/trials/:id/report`: one step's metrics; the study's objective metric must be among them. */
export const reportRequestSchema = z.strictObject({
  attempt: z.number().int().positive(),
  /** The step (epoch), counted from 1 like the built-in targets' epochs. */
  step: z.number().int().min(0).max(10_000_000),
  metrics: metricsSchema,
});

/** The study's early-stopping decision at that step; the lease is renewed until `leaseUntil`. */
export const reportResponseSchema = z.object({
  prune: z.boolean(),
  reason: z.string().nullable(),
  leaseUntil: z.iso.datetime(),
});

/** `POST /v1/trials/:id/heartbeat`: keeps the lease alive during a long step. */
export const heartbeatRequestSchema = z.strictObject({ attempt: z.number().int().positive() });
export const heartbeatResponseSchema = z.object({ leaseUntil: z.iso.datetime() });

/** `POST /v1/trials/:id/tell`: the objective value(s), or the failure. */
export const tellRequestSchema = z.union([
  z.strictObject({
    attempt: z.number().int().positive(),
    /** One value per objective; a single number for a single objective. */
    values: z.union([z.number(), z.array(z.number()).min(1).max(8)]),
    /** Metrics to keep with the result (test metrics as `test/<name>`, `bestEpoch`, ...). */
    metrics: metricsSchema.optional(),
  }),
  z.strictObject({
    attempt: z.number().int().positive(),
    state: z.literal("FAILED"),
    error: z.string().min(1).max(10_000),
  }),
]);

export const tellResponseSchema = z.object({ trial: z.number().int(), state: trialStateSchema });

/** `POST /v1/studies/:id/trials`: a configuration to run next (Optuna's enqueue_trial), checked against the space. */
export const enqueueRequestSchema = z.strictObject({ params: paramsSchema });

export const enqueuedTrialSchema = z.object({
  trial: z.number().int(),
  number: z.number().int(),
  params: paramsSchema,
  state: trialStateSchema,
});

export type AskRequest = z.infer<typeof askRequestSchema>;
export type AskedTrialJson = z.infer<typeof askedTrialSchema>;
export type ReportRequest = z.infer<typeof reportRequestSchema>;
export type ReportResponse = z.infer<typeof reportResponseSchema>;
export type TellRequest = z.infer<typeof tellRequestSchema>;
export type TellResponse = z.infer<typeof tellResponseSchema>;
export type EnqueueRequest = z.infer<typeof enqueueRequestSchema>;
export type EnqueuedTrial = z.infer<typeof enqueuedTrialSchema>;
