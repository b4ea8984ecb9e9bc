import { problemsOf } from "@rectune/spec";
import { NotFoundError } from "@rectune/store";
import { z } from "zod";
import { invalid } from "./problem.js";

/** PostgreSQL's `integer`: no study or trial id is larger. */
export const MAX_ID = 2 ** 31 - 1;

/**
 * A study id in a path: decimal digits only (`0x10`, `1e3`, ` 7` are 400), and an id beyond any stored
 * one is simply not found.
 */
export const idParam = z
  .string()
  .regex(/^[0-9]{1,100}$/, "expected a decimal id")
  .transform(Number)
  // Digits only: an integer, however large (the caller answers 404 beyond MAX_ID).
  .pipe(z.number().positive());

/** A study id of a path: 400 when malformed, NotFoundError when no study can have it. */
export function studyIdOf(raw: unknown): number {
  const id = parseOr400(idParam, raw, "id");
  if (id > MAX_ID) throw new NotFoundError("study", id);
  return id;
}

/** Parses request input, or answers 400 naming the offending field under `prefix`. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(problemsOf(result.error), prefix);
  return result.data;
}
