/**
 * The plan file's shape: the zod schema every plan file (YAML or JSON) is checked against, its JSON Schema for
 * editors, and the error that lists what does not fit. Reading and resolving against a model: planFile.ts;
 * scenarios: planScenario.ts.
 */
import { IoplanError } from "../engine/index.ts";
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
      'expected values per year, like { "2021": 100, "2025": 140 }, or growth, like { growth: 0.05 } or { base: 100, growth: 0.05 }',
  },
);

/** A calendar date that exists (2017-02-31 and 2017-13-45 are refused, not rolled over or ignored). */
const realDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, "a date that exists (YYYY-MM-DD: month 01–12, a day the month has)");
const dateOrYear = z.union([z.number().int().min(1800).max(2200), realDate]);
const provenance = {
  label: z.string().optional(),
  source: z.string().optional().describe("Where the shock's figures come from (e.g. an events.csv id and its source)"),
};

/** One shock of a scenario, as written in a plan file (dates or years; codes and ids of the plan's model). */
export const shockSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("importCap"),
      limit: z.string().describe("id of a limit in the plan"),
      values: z.record(z.string().regex(/^\d{4}$/), z.number().finite()),
      relative: z
        .boolean()
        .default(false)
        .describe("values are shares of the limit's own values (0.6: 60 % of it), not amounts"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("substitution"),
      share: z.number().min(0).max(1).describe("Import-substitution share under this scenario (replaces the plan's)"),
      cost: z
        .number()
        .min(0)
        .optional()
        .describe("Units of domestic output per unit of import replaced (default: the plan's)"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("borderClosure"),
      limit: z.string().describe("id of the imports limit the closure cuts"),
      start: dateOrYear,
      end: dateOrYear.optional().describe("last day closed (default: to the end of the plan)"),
      depth: z.number().min(0).max(1).default(1).describe("share of trade stopped while closed"),
      rampDays: z.number().min(0).default(0).describe("days over which trade returns after the end"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("foreignExchange"),
      part: z
        .string()
        .default("exports")
        .describe("`exports` or the id of an inflow of the plan's foreignExchange account"),
      values: z
        .record(z.string().regex(/^\d{4}$/), z.number().finite().min(0))
        .describe("Amounts in the account's unit, in the years given (other years as they were)"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("importBan"),
      products: z.array(z.string()).min(1),
      start: dateOrYear,
      end: dateOrYear.optional(),
      depth: z
        .number()
        .min(0)
        .max(1)
        .default(1)
        .describe("share of the products' imports stopped (a cap cutting supply by 89 %: 0.89)"),
      limit: z.string().optional().describe("imports limit whose use falls as the banned imports stop"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("capacityLoss"),
      sector: z.string(),
      share: z.number().min(0).max(1),
      start: dateOrYear,
      end: dateOrYear
        .optional()
        .describe("last day of the full loss (a lost harvest: the year); recovery, if any, starts after it"),
      recoveryDays: z
        .number()
        .positive()
        .optional()
        .describe("linear recovery to full capacity (default: the loss is permanent, or ends with `end`)"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("coefficientChange"),
      row: z.string(),
      column: z.string(),
      factor: z.number().nonnegative(),
      start: dateOrYear,
      end: dateOrYear.optional(),
      ...provenance,
    })
    .strict(),
]);

/** An amount in a foreign-exchange account: one figure for every plan year, or figures per year (linear between). */
export const amount = z.union(
  [z.number().finite().min(0), z.record(z.string().regex(/^\d{4}$/, "a four-digit year"), z.number().finite().min(0))],
  {
    error: 'expected an amount (e.g. 350) or amounts per year (e.g. { "2021": 90, "2023": 292 })',
  },
);

/** What pays for an imports limit: exports and other inflows, each inflow an uncertain range. */
const foreignExchange = z
  .object({
    limit: z.string().min(1).describe("id of the imports limit the account pays for"),
    unit: z.string().default("million USD").describe("Unit of every amount in the account"),
    base: z
      .number()
      .positive()
      .describe(
        "What the limit's base-year value cost, in `unit` (e.g. the base year's imports): converts the account into the limit's units",
      ),
    baseSource: z.string().optional(),
    exports: z
      .object({ values: amount, source: z.string().optional() })
      .strict()
      .describe("Export earnings per plan year"),
    inflows: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().optional(),
            low: amount,
            high: amount,
            central: amount.optional().describe("Default: the middle of low and high"),
            source: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .describe("Other inflows (remittances, aid, unrecorded and illicit trade), each a range"),
  })
  .strict();

/** An attribution channel measured by an observed indicator, as an index against a base year. */
const channel = z.object({
  indicator: z.string().min(1).describe("Indicator in the observations store"),
  base: z.number().int().optional().describe("Year whose figure counts as 100 % (default: the model's base year)"),
  plannedGrowth: z
    .number()
    .gt(-1)
    .default(0)
    .describe("Growth a year the plan assumed for the channel from the base year"),
});

/** zod schema of a plan file (YAML or JSON). `plan schema` prints it as JSON Schema for editors. */
export const planFileSchema = z
  .object({
    name: z.string().min(1).describe("Plan name"),
    model: z.string().min(1).describe("Model folder, relative to the plan file"),
    models: z
      .array(
        z
          .object({
            path: z.string().min(1).describe("Model folder, relative to the plan file"),
            label: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .describe(
        "Alternative models of the same economy (same sector codes; e.g. tables from other donor economies or years), each run the same way so that conclusions show the range across them",
      ),
    uncertainty: z
      .object({
        coefficients: z
          .number()
          .min(0)
          .max(1)
          .default(0)
          .describe("Relative standard error of every technical coefficient (Monte Carlo draws with --samples)"),
        budgets: z
          .number()
          .min(0)
          .max(1)
          .default(0)
          .describe("Relative standard error of the import and labour requirements per unit of output"),
        valueAdded: z
          .number()
          .min(0)
          .max(1)
          .default(0)
          .describe("Relative standard error of value added per unit of output"),
        sources: z.boolean().default(true).describe("Draw observed figures uniformly within the range across sources"),
      })
      .strict()
      .default({ coefficients: 0, budgets: 0, valueAdded: 0, sources: true })
      .describe("What --samples draws: coefficient errors by block, and figures within the range across sources"),
    period: z
      .object({ start: z.number().int().min(1800), end: z.number().int().max(2200) })
      .strict()
      .describe("First and last plan year"),
    capacity: z
      .object({
        initial: z
          .union([z.literal("model"), z.number().positive()])
          .default(1.1)
          .describe(
            "Capacity in the first plan year: 'model' (the model's capacities) or a multiple of base-year output",
          ),
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
                "Share of each capital good's stock worn out a year, per good code, and 'default' for the other goods (default: the using industry's rate from capacity.depreciation)",
              ),
            byIndustry: z
              .record(z.string(), z.record(z.string(), z.number().min(0).max(1)))
              .default({})
              .describe(
                "Rates for one using industry's stocks, per good, overriding the good's rate (e.g. { bread: { iron: 0.06 } })",
              ),
            source: z.string().optional(),
          })
          .strict()
          .optional()
          .describe(
            "Keep capital per (good, using industry) from the model's capital_stocks.csv: output is bounded by every stock an industry holds (the base-year stocks allow `initial` × base-year output), each stock wears out at its own rate, and investment delivers goods to stocks; replaces per-sector capacity",
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
                    "Capital goods per unit of new capacity: needed when the model has no capital coefficients (B), ignored when it has them",
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
      .default({ initial: 1.1, depreciation: 0, investment: false }),
    objective: z
      .enum(["harmony", "bundle"])
      .default("harmony")
      .describe(
        "What `plan optimise` maximises: harmony (each target's fulfilment, shortfalls weighing more) or bundle (the targets of a rank in a year delivered in one common proportion, Σ over years maximised: Kantorovich's assortment objective, Cockshott & Cottrell's)",
      ),
    targets: z
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
                "A target in the years given only (no target in the other plan years); default: linear between the years given, constant beyond them",
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
                  .describe(
                    "level: values in `factor` units; growth: per cent a year, chained from the model's base year",
                  ),
                factor: z.number().positive().default(1).describe("Model units per observed unit (levels)"),
                direction: z.enum(["ascending", "descending"]).default("ascending"),
                unit: z
                  .string()
                  .optional()
                  .describe(
                    "Unit the indicator's figures must be in (figures in a scaled unit, e.g. thousand instead of million tonnes, are converted; others are refused)",
                  ),
                aggregate: z
                  .enum(["sum", "mean", "last"])
                  .default("sum")
                  .describe(
                    "How quarterly or monthly figures make a year, when no annual figure is given (levels only)",
                  ),
              })
              .strict()
              .optional()
              .describe("How `ioplan review` finds what happened"),
          })
          .strict(),
      )
      .min(1),
    substitution: z
      .object({
        limit: z.string().min(1).describe("id of the imports limit whose shortfall domestic output may fill"),
        share: z
          .number()
          .min(0)
          .max(1)
          .describe(
            "Largest share of every imported input (what bans leave of it) that domestic output of the same product can replace",
          ),
        cost: z.number().min(0).default(1).describe("Units of domestic output per unit of import replaced"),
        source: z
          .string()
          .optional()
          .describe("Where the share comes from (e.g. calibrated by ioplan backcast --calibrate)"),
      })
      .strict()
      .optional()
      .describe(
        "Import substitution, in the plan programs and in explanations (needs the model's import coefficients); without it imported inputs are fixed per unit of output",
      ),
    floors: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().optional(),
            category: z.string().min(1).describe("Final-demand category of the model (e.g. household consumption)"),
            level: z
              .union([z.number().min(0), yearValues])
              .default(0.9)
              .describe(
                "Multiple of the category's base-year deliveries, each sector's (0.9: at least 90 %), or per year",
              ),
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
      ),
    foreignExchange: foreignExchange
      .optional()
      .describe(
        "Imports paid for by exports and other inflows: the imports limit is at most what the account pays for (each inflow a low–high range; the plan is checked at the central values, and at low and high on request)",
      ),
    baseline: z
      .object({
        finalDemand: yearValues.describe(
          "Final deliveries every sector keeps up, from its base-year total final demand (e.g. { growth: 0 })",
        ),
        weight: z.number().positive().default(0.5),
        rank: z.number().int().min(1).default(9),
        floor: z
          .number()
          .min(0)
          .max(1)
          .default(0.9)
          .describe(
            "Without a floors block: every final-demand category (inventory change aside) keeps at least this share of each sector's base-year deliveries; 0: no default floors. A floors block replaces these defaults",
          ),
      })
      .strict()
      .optional()
      .describe(
        "The rest of the economy: each sector's final deliveries as a low-priority target, and default floors by final-demand category",
      ),
    limits: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().optional(),
            satellite: z.string().min(1).describe("Satellite row of the model (e.g. EMP, IMP): use per unit of output"),
            values: yearValues,
            unit: z.string().optional(),
            weight: z
              .number()
              .positive()
              .default(10)
              .describe("Price of relaxing this limit by 1 % in the feasibility check"),
            source: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    review: z
      .object({
        near: z.number().gt(0).max(1).optional().describe("Lowest ratio counted as near (met is ≥ 1; default 0.9)"),
        precedence: z
          .array(
            z
              .object({
                label: z.string().min(1),
                kind: z.enum(["reported", "estimate", "projection"]).optional(),
                source: z
                  .string()
                  .optional()
                  .describe("Regular expression the source name must match (case-insensitive)"),
              })
              .strict(),
          )
          .min(1)
          .optional()
          .describe(
            "Source-precedence rule for the best estimate, first step first (default: statistics offices and central banks, ioplan derivations, other estimates, own claims, projections)",
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
          .describe(
            "Final-demand categories measured by observations (exports): each sector's own final-demand shortfall",
          ),
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
            "Observed capacity of sectors (an index against the base year): below plan, it caps the sector's output at that share of the planned world's",
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
            "Rationing order for priority rationing: groups of sector codes, the first served first; sectors not named come last (default: by target rank, then weight)",
          ),
      })
      .strict()
      .optional()
      .describe("How `ioplan review` attributes shortfalls through the model"),
    scenarios: z
      .array(
        z
          .object({
            name: z.string().min(1),
            description: z.string().optional(),
            basedOn: z.string().optional().describe("Another scenario whose shocks come first"),
            shocks: z.array(shockSchema),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type PlanFile = z.infer<typeof planFileSchema>;

/** The plan file as JSON Schema (draft 2020-12), for editors. */
export function planJsonSchema(): unknown {
  return z.toJSONSchema(planFileSchema, { io: "input" });
}

/** A plan file that cannot be used: lists every problem with its field path, value and what is allowed. */
export class PlanFileError extends IoplanError {
  readonly problems: { path: string; message: string }[];
  constructor(file: string, problems: { path: string; message: string }[]) {
    super(
      "bad-plan-file",
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.map((p) => `  ${p.path || "(top level)"}: ${p.message}`).join("\n")}`,
    );
    this.problems = problems;
  }
}

/** Values per year as written (explicit per year, or growth from a base). */
export type YearValues = z.infer<typeof yearValues>;
/** An amount of a foreign-exchange account as written (one figure, or per year). */
export type Amount = z.infer<typeof amount>;

/** Which end of every inflow's range a plan is resolved at. */
export type InflowCase = "low" | "central" | "high";
