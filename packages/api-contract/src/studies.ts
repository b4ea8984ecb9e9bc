import { studySpecSchema } from "@rectune/spec";
import { z } from "zod";
import { trialSchema } from "./trials.js";

export const studyStatusSchema = z.enum(["RUNNING", "COMPLETED", "STOPPED", "FAILED"]);
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

/** `GET /v1/studies/:id`. */
export const studySummarySchema = studySchema.extend({
  counts: trialCountsSchema,
  finished: z.number().int(),
  maxTrials: z.number().int(),
  bestTrial: trialSchema.nullable(),
});

export type StudyJson = z.infer<typeof studySchema>;
export type StudyProgressJson = z.infer<typeof progressSchema>;
export type StudyListJson = z.infer<typeof studyListSchema>;
export type StudySummaryJson = z.infer<typeof studySummarySchema>;

/** `PATCH /v1/studies/:id`: the budget (never below the trials created; a completed study given more runs again). */
export const studyPatchSchema = z.strictObject({ maxTrials: z.number().int().positive().max(1_000_000) });
export type StudyPatch = z.infer<typeof studyPatchSchema>;
