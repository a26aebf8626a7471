/**
 * Parts of the plan file's schema (planSchema.ts assembles them): values per year, capacity, targets, floors, review.
 */
import { z } from "zod";

/**
 * Values per plan year: explicit (`{ "2021": 100, "2025": 140 }`, linear between the years given, constant
 * beyond them) or growth from a base (`{ growth: 0.05 }` from the model's base year, or `{ base, growth }`).
 */
export const yearValues = z.union(
  [
    z.record(z.string().regex(/^\d{4}$/, "a four-digit year"), z.number().finite()),
    z.object({ growth: z.number().gt(-1), base: z.number().finite().optional() }).strict(),
  ],
  {
    error:
      'expected values per year, like { "2021": 100, "2025": 140 }, ' +
      "or growth, like { growth: 0.05 } or { base: 100, growth: 0.05 }",
  },
);

/** An attribution channel measured by an observed indicator, as an index against a base year. */
export const channel = z.object({
  indicator: z.string().min(1).describe("Indicator in the observations store"),
  base: z.number().int().optional().describe("Year whose figure counts as 100 % (default: the model's base year)"),
  plannedGrowth: z
    .number()
    .gt(-1)
    .default(0)
    .describe("Growth a year the plan assumed for the channel from the base year"),
});

/** Productive capacity, its depreciation, capital stocks and investment. */
export const capacitySchema = z
  .object({
    initial: z
      .union([z.literal("model"), z.number().positive()])
      .default(1.1)
      .describe("Capacity in the first plan year: 'model' (the model's capacities) or a multiple of base-year output"),
    perSector: z
      .record(z.string(), z.number().positive())
      .optional()
      .describe("Multiples of base-year output for some sectors, overriding 'initial'"),
    depreciation: z
      .union([
        z.number().min(0).max(1),
        z
          .record(z.string(), z.number().min(0).max(1))
          .describe("Per sector code, and 'default' for the rest (0 when not given)"),
      ])
      .default(0)
      .describe("Share of capacity lost each year: one rate, or rates per sector ({ default: 0.05, C24: 0.07 })"),
    stocks: z
      .object({
        depreciation: z
          .record(z.string(), z.number().min(0).max(1))
          .default({})
          .describe(
            "Share of each capital good's stock worn out a year, per good code, and 'default' for the other goods " +
              "(default: the using industry's rate from capacity.depreciation)",
          ),
        byIndustry: z
          .record(z.string(), z.record(z.string(), z.number().min(0).max(1)))
          .default({})
          .describe(
            "Rates for one using industry's stocks, per good, overriding the good's rate " +
              "(e.g. { bread: { iron: 0.06 } })",
          ),
        source: z.string().optional(),
      })
      .strict()
      .optional()
      .describe(
        "Keep capital per (good, using industry) from the model's capital_stocks.csv: output is bounded by every " +
          "stock an industry holds (the base-year stocks allow `initial` × base-year output), each stock wears out " +
          "at its own rate, and investment delivers goods to stocks; replaces per-sector capacity",
      ),
    investment: z
      .union([
        z.literal(false),
        z
          .object({
            capitalOutputRatio: z
              .number()
              .positive()
              .optional()
              .describe(
                "Capital goods per unit of new capacity: needed when the model has no capital coefficients (B), " +
                  "ignored when it has them",
              ),
            from: z
              .array(z.string())
              .optional()
              .describe(
                "Final-demand categories whose base-year mix gives the capital goods (default: fixed investment)",
              ),
            leadTime: z.number().int().min(1).default(1),
          })
          .strict(),
      ])
      .default(false),
  })
  .strict()
  .default({ initial: 1.1, depreciation: 0, investment: false });

/**
 * The plan's targets: on output or final deliveries, per year, with units, weights, ranks, and how review finds what
 * happened.
 */
export const targetsSchema = z
  .array(
    z
      .object({
        id: z.string().min(1),
        label: z.string().optional(),
        sector: z.string().min(1).describe("Sector code in the model"),
        on: z.enum(["output", "final"]).default("output"),
        kind: z.enum(["min", "exact"]).default("min"),
        values: yearValues,
        only: z
          .boolean()
          .default(false)
          .describe(
            "A target in the years given only (no target in the other plan years); default: linear between the " +
              "years given, constant beyond them",
          ),
        unit: z.string().optional().describe("Unit the values are stated in (default: the model's)"),
        factor: z
          .number()
          .positive()
          .default(1)
          .describe("Model units per one of `unit`, e.g. USD million per Mt of steel"),
        weight: z.number().positive().default(1),
        rank: z.number().int().min(1).default(1),
        source: z.string().optional().describe("Where the target comes from, or 'assumption'"),
        observed: z
          .object({
            indicator: z.string().min(1).describe("Indicator in the observations store that measures this target"),
            as: z
              .enum(["level", "growth"])
              .default("level")
              .describe("level: values in `factor` units; growth: per cent a year, chained from the model's base year"),
            factor: z.number().positive().default(1).describe("Model units per observed unit (levels)"),
            direction: z.enum(["ascending", "descending"]).default("ascending"),
            unit: z
              .string()
              .optional()
              .describe(
                "Unit the indicator's figures must be in (figures in a scaled unit, e.g. thousand instead of " +
                  "million tonnes, are converted; others are refused)",
              ),
            aggregate: z
              .enum(["sum", "mean", "last"])
              .default("sum")
              .describe("How quarterly or monthly figures make a year, when no annual figure is given (levels only)"),
          })
          .strict()
          .optional()
          .describe("How `ioplan review` finds what happened"),
      })
      .strict(),
  )
  .min(1);

/** Floors on final deliveries by category. */
export const floorsSchema = z
  .array(
    z
      .object({
        id: z.string().min(1),
        label: z.string().optional(),
        category: z.string().min(1).describe("Final-demand category of the model (e.g. household consumption)"),
        level: z
          .union([z.number().min(0), yearValues])
          .default(0.9)
          .describe("Multiple of the category's base-year deliveries, each sector's (0.9: at least 90 %), or per year"),
        population: z
          .object({
            base: z.number().positive().describe("Population in the model's base year"),
            values: z.record(z.string().regex(/^\d{4}$/), z.number().positive()),
            source: z.string().optional(),
          })
          .strict()
          .optional()
          .describe("With population: the floor is per head (level × population ÷ base population)"),
        weight: z
          .number()
          .positive()
          .default(100)
          .describe("Price of cutting the floor by 1 % in the feasibility check (a floor gives last)"),
        source: z.string().optional(),
      })
      .strict(),
  )
  .default([])
  .describe(
    "Floors on final deliveries by category: the optimum respects them; the feasibility check says which floor gives",
  );

/** How `ioplan review` and `explain` read the observations for this plan. */
export const reviewSchema = z
  .object({
    near: z.number().gt(0).max(1).optional().describe("Lowest ratio counted as near (met is ≥ 1; default 0.9)"),
    precedence: z
      .array(
        z
          .object({
            label: z.string().min(1),
            kind: z.enum(["reported", "estimate", "projection"]).optional(),
            source: z.string().optional().describe("Regular expression the source name must match (case-insensitive)"),
          })
          .strict(),
      )
      .min(1)
      .optional()
      .describe(
        "Source-precedence rule for the best estimate, first step first (default: statistics offices and central " +
          "banks, ioplan derivations, other estimates, own claims, projections)",
      ),
    imports: channel
      .extend({
        row: z
          .string()
          .min(1)
          .describe(
            "Satellite or value-added row of imported inputs (model units): the import share of each sector's output",
          ),
      })
      .strict()
      .optional(),
    labour: channel
      .extend({ row: z.string().min(1).describe("Satellite or value-added row of labour cost (model units)") })
      .strict()
      .optional(),
    finalDemand: z
      .array(
        channel
          .extend({
            category: z.string().min(1).describe("Final-demand category of the model (e.g. EXP)"),
            label: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .describe("Final-demand categories measured by observations (exports): each sector's own final-demand shortfall"),
    capacity: z
      .array(
        channel
          .extend({
            sector: z.string().min(1).describe("Sector whose capacity the indicator measures"),
            label: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .describe(
        "Observed capacity of sectors (an index against the base year): below plan, it caps the sector's output at " +
          "that share of the planned world's",
      ),
    shocks: z
      .string()
      .optional()
      .describe("Scenario whose capacity losses are the logged events (each a channel of the explanation)"),
    priority: z
      .array(z.array(z.string().min(1)).min(1))
      .min(1)
      .optional()
      .describe(
        "Rationing order for priority rationing: groups of sector codes, the first served first; sectors not named " +
          "come last (default: by target rank, then weight)",
      ),
  })
  .strict()
  .optional()
  .describe("How `ioplan review` attributes shortfalls through the model");
