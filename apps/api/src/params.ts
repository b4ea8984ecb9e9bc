import { problemsOf } from "@rectune/spec";
import { NotFoundError } from "@rectune/store";
import { z } from "zod";
import { invalid } from "./problem.js";

/** PostgreSQL's `integer`: no study or trial id (nor trial number) is larger. */
export const MAX_ID = 2 ** 31 - 1;

/**
 * The one rule for a number in a path (a study or trial id, a trial number): decimal digits only
 * (`0x10`, `1e3`, ` 7` are 400), parsed as an integer however long (100 digits at most).
 */
const decimal = (what: string) =>
  z
    .string()
    .regex(/^[0-9]{1,100}$/, `expected a decimal ${what}`)
    .transform(Number);

/** Ids start at 1. */
const idParam = decimal("id").pipe(z.number().positive());
/** Trial numbers start at 0. */
const numberParam = decimal("trial number");

/** A path's number: 400 naming `field` when malformed, NotFoundError when no stored `kind` can have it. */
function pathNumber(schema: z.ZodType<number>, raw: unknown, field: string, kind: "study" | "trial"): number {
  const n = parseOr400(schema, raw, field);
  if (n > MAX_ID) throw new NotFoundError(kind, n);
  return n;
}

/** A study id of a path (`:id` of `/v1/studies/:id/...`). */
export const studyIdOf = (raw: unknown): number => pathNumber(idParam, raw, "id", "study");

/** A trial id of a path (`:id` of `/v1/trials/:id/...`). */
export const trialIdOf = (raw: unknown): number => pathNumber(idParam, raw, "id", "trial");

/** A trial's number within its study (`:number` of `/v1/studies/:id/trials/:number`). */
export const trialNumberOf = (raw: unknown): number => pathNumber(numberParam, raw, "number", "trial");

/** The regular expression source of an OpenAPI path template, each `{name}` matched by `param`. */
export const templatePattern = (template: string, param: string): string =>
  template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join(param);

/** Parses request input, or answers 400 naming the offending field under `prefix`. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(problemsOf(result.error), prefix);
  return result.data;
}
