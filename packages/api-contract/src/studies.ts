import { studySpecSchema } from "@rectune/spec";
import { z } from "zod";
import { trialSchema } from "./trials.js";

/** REFITTING: the budget is spent and a worker refits the champion before the study is COMPLETED. */
export const studyStatusSchema = z.enum(["RUNNING", "REFITTING", "COMPLETED", "STOPPED", "FAILED"]);
export const trialCountsSchema = z.object({
  WAITING: z.number().int(),
  RUNNING: z.number().int(),
  COMPLETE: z.number().int(),
  PRUNED: z.number().int(),
  FAILED: z.number().int(),
});

/** A study as every study route answers it (`POST /v1/studies`, the list, stop and resume). */
export const studySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The project it belongs to (its name). */
  project: z.string(),
  status: studyStatusSchema,
  directions: z.array(z.enum(["minimize", "maximize"])),
  trialsCreated: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  spec: studySpecSchema,
});

/** Where a study stands: its trials by state, how many finished of its budget, its best value so far. */
export const progressSchema = z.object({
  counts: trialCountsSchema,
  finished: z.number().int(),
  maxTrials: z.number().int(),
  /** The best first-objective value of a COMPLETE trial, by the study's direction. */
  bestValue: z.number().nullable(),
});

/** `GET /v1/studies`: newest first, each with its progress. */
export const studyListSchema = z.object({
  studies: z.array(studySchema.extend({ progress: progressSchema })),
  next: z.string().nullable(),
});

/**
 * A study's champion: its best trial by validation, refitted on training + validation for that trial's
 * best epoch count and scored once on the test split (`refit` says how; `state` where the refit is).
 */
export const championSchema = z.object({
  trial: z.number().int(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The trial's validation objective values. */
  validation: z.array(z.number()),
  state: z.enum(["WAITING", "RUNNING", "COMPLETE", "FAILED"]),
  testMetrics: z.record(z.string(), z.number()).nullable(),
  refit: z
    .object({
      epochs: z.number().int(),
      seconds: z.number(),
      workerId: z.string(),
      weightBytes: z.number().int(),
      /** The data set's fingerprint: `GET /v1/leaderboards?dataset=` ranks every champion on it. */
      dataset: z.string(),
      attempt: z.number().int(),
    })
    .nullable(),
  error: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});

/** `GET /v1/studies/:id`. */
export const studySummarySchema = studySchema.extend({
  counts: trialCountsSchema,
  finished: z.number().int(),
  maxTrials: z.number().int(),
  bestTrial: trialSchema.nullable(),
  /** Null until the budget is spent (and for function targets, which have no test split). */
  champion: championSchema.nullable(),
});

export type StudyJson = z.infer<typeof studySchema>;
export type ChampionJson = z.infer<typeof championSchema>;
export type StudyProgressJson = z.infer<typeof progressSchema>;
export type StudyListJson = z.infer<typeof studyListSchema>;
export type StudySummaryJson = z.infer<typeof studySummarySchema>;

/** `PATCH /v1/studies/:id`: the budget (never below the trials created; a completed study given more runs again). */
export const studyPatchSchema = z.strictObject({ maxTrials: z.number().int().positive().max(1_000_000) });
export type StudyPatch = z.infer<typeof studyPatchSchema>;
