import { z } from "zod";
import { SearchSpaceError } from "./errors.js";
import type { SearchSpace } from "./types.js";
import { spaceIssues } from "./validate.js";

const choiceSchema = z.union([z.string(), z.number(), z.boolean()]);
const conditionSchema = z.record(z.string(), z.array(choiceSchema));

const floatSchema = z.strictObject({
  type: z.literal("float"),
  low: z.number(),
  high: z.number(),
  log: z.boolean().optional(),
  step: z.number().optional(),
  when: conditionSchema.optional(),
});

const intSchema = z.strictObject({
  type: z.literal("int"),
  low: z.number(),
  high: z.number(),
  log: z.boolean().optional(),
  step: z.number().optional(),
  when: conditionSchema.optional(),
});

const categoricalSchema = z.strictObject({
  type: z.literal("categorical"),
  choices: z.array(choiceSchema),
  when: conditionSchema.optional(),
});

export const paramSchema = z.discriminatedUnion("type", [floatSchema, intSchema, categoricalSchema]);

/**
 * The one schema of a search space, shared by the study spec (API, CLI, scheduler) and the in-process API.
 * Semantic problems are reported at `<param>.<field>` so the caller can name the offending field.
 */
export const searchSpaceSchema = z.record(z.string().min(1), paramSchema).superRefine((space, ctx) => {
  for (const issue of spaceIssues(space)) {
    ctx.addIssue({
      code: "custom",
      message: issue.message,
      path: issue.param ? [issue.param, ...(issue.field ? [issue.field] : [])] : [],
    });
  }
});

/** Validates a space, throwing a SearchSpaceError that names the first offending parameter. */
export function parseSearchSpace(input: unknown): SearchSpace {
  const result = searchSpaceSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [param, field] = (issue?.path ?? []).map(String);
  throw new SearchSpaceError(param ?? "", field, issue?.message ?? "invalid search space");
}
