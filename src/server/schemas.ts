/** The HTTP API's request bodies (zod): validated on every request and published in the OpenAPI document. */
import { z } from "zod";
import { OBSERVATION_KINDS, OBSERVATION_STATUSES, PERIOD_FORMS, normalisePeriod } from "../engine/index.ts";
import { SOURCE_TYPES } from "../engine/index.ts";
import type { SourceType } from "../engine/index.ts";

/** Request bodies, validated; 400 responses name the fields. */
export const overridesSchema = z
  .object({
    limits: z.record(z.string(), z.number().min(0).max(10)).optional(),
    targets: z.record(z.string(), z.number().min(0).max(10)).optional(),
    capacityLoss: z.record(z.string(), z.number().min(0).max(1)).optional(),
    /** Sector code → factor on its final deliveries every plan year (the editor's final-demand slider). */
    finalDemand: z.record(z.string(), z.number().min(0).max(100)).optional(),
  })
  .strict();
export const checkBody = z.object({ scenario: z.string().optional(), overrides: overridesSchema.optional() }).strict();
export const optimiseBody = checkBody
  .extend({ mode: z.enum(["weighted", "lexicographic"]).default("weighted") })
  .strict();
export const compareBody = z
  .object({ scenarios: z.array(z.string()).optional(), overrides: overridesSchema.optional() })
  .strict();
export const quickCheckBody = z
  .object({
    model: z.string(),
    /** Sector code → factor on its final demand. */
    demand: z.record(z.string(), z.number().min(0).max(100)).default({}),
    /** Capacity as a multiple of base-year output (the model's capacities when it has them). */
    capacity: z.number().positive().max(100).default(1.1),
    /** Sector code → share of capacity lost. */
    capacityLoss: z.record(z.string(), z.number().min(0).max(1)).default({}),
    /** Imported inputs available, as a share of base-year imported inputs (none: no cap). */
    importCap: z.number().min(0).max(100).optional(),
  })
  .strict();
export const observationRow = z
  .object({
    indicator: z.string().min(1),
    period: z
      .string()
      .refine((p) => normalisePeriod(p) !== null, PERIOD_FORMS)
      .transform((p) => normalisePeriod(p)!),
    value: z.number().finite().nullable(),
    text: z.string().nullable().default(null),
    unit: z.string().min(1),
    kind: z.enum(OBSERVATION_KINDS as [string, ...string[]]),
    sourceName: z.string().min(1),
    sourceType: z
      .enum(SOURCE_TYPES as [SourceType, ...SourceType[]])
      .nullable()
      .default(null)
      .describe("what the source is; it orders sources in reconciliation"),
    sourceUrl: z.string().nullable().default(null),
    published: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
      .nullable()
      .default(null),
    status: z.enum(OBSERVATION_STATUSES as [string, ...string[]]),
    note: z.string().nullable().default(null),
  })
  .strict();
export const observationsBody = z
  .object({ batch: z.string().min(1).max(200), rows: z.array(observationRow).min(1).max(100_000) })
  .strict();
