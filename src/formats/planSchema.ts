/**
 * The plan file's shape: the zod schema every plan file (YAML or JSON) is checked against, its JSON Schema for
 * editors, and the error that lists what does not fit. Reading and resolving against a model: planFile.ts;
 * scenarios: planScenario.ts.
 */
import { IoplanError } from "../engine/index.ts";
import { z } from "zod";
import { capacitySchema, floorsSchema, reviewSchema, targetsSchema } from "./planSchemaParts.ts";
import { yearValues } from "./planSchemaParts.ts";
export { yearValues } from "./planSchemaParts.ts";

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
        "What the limit's base-year value cost, in `unit` (e.g. the base year's imports): converts the account " +
          "into the limit's units",
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
        "Alternative models of the same economy (same sector codes; e.g. tables from other donor economies or " +
          "years), each run the same way so that conclusions show the range across them",
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
    capacity: capacitySchema,
    objective: z
      .enum(["harmony", "bundle"])
      .default("harmony")
      .describe(
        "What `plan optimise` maximises: harmony (each target's fulfilment, shortfalls weighing more) or bundle " +
          "(the targets of a rank in a year delivered in one common proportion, Σ over years maximised: " +
          "Kantorovich's assortment objective, Cockshott & Cottrell's)",
      ),
    targets: targetsSchema,
    substitution: z
      .object({
        limit: z.string().min(1).describe("id of the imports limit whose shortfall domestic output may fill"),
        share: z
          .number()
          .min(0)
          .max(1)
          .describe(
            "Largest share of every imported input (what bans leave of it) that domestic output of the same " +
              "product can replace",
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
        "Import substitution, in the plan programs and in explanations (needs the model's import coefficients); " +
          "without it imported inputs are fixed per unit of output",
      ),
    floors: floorsSchema,
    foreignExchange: foreignExchange
      .optional()
      .describe(
        "Imports paid for by exports and other inflows: the imports limit is at most what the account pays for " +
          "(each inflow a low–high range; the plan is checked at the central values, and at low and high on " +
          "request)",
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
            "Without a floors block: every final-demand category (inventory change aside) keeps at least this " +
              "share of each sector's base-year deliveries; 0: no default floors. A floors block replaces these " +
              "defaults",
          ),
      })
      .strict()
      .optional()
      .describe(
        "The rest of the economy: each sector's final deliveries as a low-priority target, and default floors by " +
          "final-demand category",
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
    review: reviewSchema,
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
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n` +
        problems.map((p) => `  ${p.path || "(top level)"}: ${p.message}`).join("\n"),
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
