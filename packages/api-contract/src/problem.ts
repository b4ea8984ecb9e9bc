import { z } from "zod";

/** Every error answer: RFC 9457 `application/problem+json`, with the offending field(s). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  field: z.string().optional(),
  /** `line`: set when the body was a YAML/JSON text (Content-Type application/yaml) and the node was found. */
  errors: z.array(z.object({ field: z.string(), message: z.string(), line: z.number().int().optional() })).optional(),
});

export type ProblemJson = z.infer<typeof problemSchema>;
