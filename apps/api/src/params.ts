import { problemsOf } from "@rectune/spec";
import { z } from "zod";
import { invalid } from "./problem.js";

/** A study id (or trial id) in a path. */
export { idParamSchema as idParam } from "@rectune/api-contract";

/** Parses request input, or answers 400 naming the offending field under `prefix`. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(problemsOf(result.error), prefix);
  return result.data;
}
