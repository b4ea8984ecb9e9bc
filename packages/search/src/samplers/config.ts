import { z } from "zod";

/**
 * The `strategy.sampler` contract of the study spec: a name plus that sampler's options.
 * A bare string ("random") is shorthand for `{ name: "random" }`.
 */
const randomConfig = z.strictObject({ name: z.literal("random"), seed: z.number().int().optional() });

export const samplerConfigObjectSchema = z.discriminatedUnion("name", [randomConfig]);

export const samplerConfigSchema = z.preprocess(
  (v) => (typeof v === "string" ? { name: v } : v),
  samplerConfigObjectSchema,
);

export type SamplerConfig = z.infer<typeof samplerConfigObjectSchema>;
export const samplerNames = samplerConfigObjectSchema.options.map((o) => o.shape.name.value);
