import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { EconomyModel, Matrix, PlanSpec } from "../engine/index.ts";
import { applyShocks, totalFinalDemand, yearShares } from "../engine/index.ts";
import type { Shock } from "../engine/index.ts";

/**
 * Values per plan year: explicit (`{ "2021": 100, "2025": 140 }`, linear between the years given, constant
 * beyond them) or growth from a base (`{ growth: 0.05 }` from the model's base year, or `{ base, growth }`).
 */
const yearValues = z.union(
  [
    z.record(z.string().regex(/^\d{4}$/, "a four-digit year"), z.number().finite()),
    z.object({ growth: z.number().gt(-1), base: z.number().finite().optional() }).strict(),
  ],
  { error: 'expected values per year, like { "2021": 100, "2025": 140 }, or growth, like { growth: 0.05 } or { base: 100, growth: 0.05 }' },
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
const provenance = { label: z.string().optional(), source: z.string().optional().describe("Where the shock's figures come from (e.g. an events.csv id and its source)") };

/** One shock of a scenario, as written in a plan file (dates or years; codes and ids of the plan's model). */
export const shockSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("importCap"),
      limit: z.string().describe("id of a limit in the plan"),
      values: z.record(z.string().regex(/^\d{4}$/), z.number().finite()),
      relative: z.boolean().default(false).describe("values are shares of the limit's own values (0.6: 60 % of it), not amounts"),
      ...provenance,
    })
    .strict(),
  z
    .object({
      kind: z.literal("substitution"),
      share: z.number().min(0).max(1).describe("Import-substitution share under this scenario (replaces the plan's)"),
      cost: z.number().min(0).optional().describe("Units of domestic output per unit of import replaced (default: the plan's)"),
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
      part: z.string().default("exports").describe("`exports` or the id of an inflow of the plan's foreignExchange account"),
      values: z.record(z.string().regex(/^\d{4}$/), z.number().finite().min(0)).describe("Amounts in the account's unit, in the years given (other years as they were)"),
      ...provenance,
    })
    .strict(),
  z.object({ kind: z.literal("importBan"), products: z.array(z.string()).min(1), start: dateOrYear, end: dateOrYear.optional(), depth: z.number().min(0).max(1).default(1).describe("share of the products' imports stopped (a cap cutting supply by 89 %: 0.89)"), limit: z.string().optional().describe("imports limit whose use falls as the banned imports stop"), ...provenance }).strict(),
  z.object({ kind: z.literal("capacityLoss"), sector: z.string(), share: z.number().min(0).max(1), start: dateOrYear, end: dateOrYear.optional().describe("last day of the full loss (a lost harvest: the year); recovery, if any, starts after it"), recoveryDays: z.number().positive().optional().describe("linear recovery to full capacity (default: the loss is permanent, or ends with `end`)"), ...provenance }).strict(),
  z.object({ kind: z.literal("coefficientChange"), row: z.string(), column: z.string(), factor: z.number().nonnegative(), start: dateOrYear, end: dateOrYear.optional(), ...provenance }).strict(),
]);

/** An amount in a foreign-exchange account: one figure for every plan year, or figures per year (linear between). */
const amount = z.union([z.number().finite().min(0), z.record(z.string().regex(/^\d{4}$/, "a four-digit year"), z.number().finite().min(0))], {
  error: 'expected an amount (e.g. 350) or amounts per year (e.g. { "2021": 90, "2023": 292 })',
});

/** What pays for an imports limit: exports and other inflows, each inflow an uncertain range. */
const foreignExchange = z
  .object({
    limit: z.string().min(1).describe("id of the imports limit the account pays for"),
    unit: z.string().default("million USD").describe("Unit of every amount in the account"),
    base: z.number().positive().describe("What the limit's base-year value cost, in `unit` (e.g. the base year's imports): converts the account into the limit's units"),
    baseSource: z.string().optional(),
    exports: z.object({ values: amount, source: z.string().optional() }).strict().describe("Export earnings per plan year"),
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
  plannedGrowth: z.number().gt(-1).default(0).describe("Growth a year the plan assumed for the channel from the base year"),
});

/** zod schema of a plan file (YAML or JSON). `plan schema` prints it as JSON Schema for editors. */
export const planFileSchema = z
  .object({
    name: z.string().min(1).describe("Plan name"),
    model: z.string().min(1).describe("Model folder, relative to the plan file"),
    models: z
      .array(z.object({ path: z.string().min(1).describe("Model folder, relative to the plan file"), label: z.string().optional() }).strict())
      .default([])
      .describe("Alternative models of the same economy (same sector codes; e.g. tables from other donor economies or years), each run the same way so that conclusions show the range across them"),
    uncertainty: z
      .object({
        coefficients: z.number().min(0).max(1).default(0).describe("Relative standard error of every technical coefficient (Monte Carlo draws with --samples)"),
        budgets: z.number().min(0).max(1).default(0).describe("Relative standard error of the import and labour requirements per unit of output"),
        valueAdded: z.number().min(0).max(1).default(0).describe("Relative standard error of value added per unit of output"),
        sources: z.boolean().default(true).describe("Draw observed figures uniformly within the range across sources"),
      })
      .strict()
      .default({ coefficients: 0, budgets: 0, valueAdded: 0, sources: true })
      .describe("What --samples draws: coefficient errors by block, and figures within the range across sources"),
    period: z.object({ start: z.number().int().min(1800), end: z.number().int().max(2200) }).strict().describe("First and last plan year"),
    capacity: z
      .object({
        initial: z.union([z.literal("model"), z.number().positive()]).default(1.1).describe("Capacity in the first plan year: 'model' (the model's capacities) or a multiple of base-year output"),
        perSector: z.record(z.string(), z.number().positive()).optional().describe("Multiples of base-year output for some sectors, overriding 'initial'"),
        depreciation: z.number().min(0).max(1).default(0),
        investment: z
          .union([
            z.literal(false),
            z
              .object({
                capitalOutputRatio: z.number().positive().describe("Capital goods per unit of new capacity, when the model has no capital coefficients"),
                from: z.array(z.string()).optional().describe("Final-demand categories whose base-year mix gives the capital goods (default: fixed investment)"),
                leadTime: z.number().int().min(1).default(1),
              })
              .strict(),
          ])
          .default(false),
      })
      .strict()
      .default({ initial: 1.1, depreciation: 0, investment: false }),
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
            unit: z.string().optional().describe("Unit the values are stated in (default: the model's)"),
            factor: z.number().positive().default(1).describe("Model units per one of `unit`, e.g. USD million per Mt of steel"),
            weight: z.number().positive().default(1),
            rank: z.number().int().min(1).default(1),
            source: z.string().optional().describe("Where the target comes from, or 'assumption'"),
            observed: z
              .object({
                indicator: z.string().min(1).describe("Indicator in the observations store that measures this target"),
                as: z.enum(["level", "growth"]).default("level").describe("level: values in `factor` units; growth: per cent a year, chained from the model's base year"),
                factor: z.number().positive().default(1).describe("Model units per observed unit (levels)"),
                direction: z.enum(["ascending", "descending"]).default("ascending"),
                unit: z.string().optional().describe("Unit the indicator's figures must be in (figures in a scaled unit, e.g. thousand instead of million tonnes, are converted; others are refused)"),
                aggregate: z.enum(["sum", "mean", "last"]).default("sum").describe("How quarterly or monthly figures make a year, when no annual figure is given (levels only)"),
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
        share: z.number().min(0).max(1).describe("Largest share of every imported input (what bans leave of it) that domestic output of the same product can replace"),
        cost: z.number().min(0).default(1).describe("Units of domestic output per unit of import replaced"),
        source: z.string().optional().describe("Where the share comes from (e.g. calibrated by ioplan backcast --calibrate)"),
      })
      .strict()
      .optional()
      .describe("Import substitution, in the plan programs and in explanations (needs the model's import coefficients); without it imported inputs are fixed per unit of output"),
    floors: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().optional(),
            category: z.string().min(1).describe("Final-demand category of the model (e.g. household consumption)"),
            level: z.union([z.number().min(0), yearValues]).default(0.9).describe("Multiple of the category's base-year deliveries, each sector's (0.9: at least 90 %), or per year"),
            population: z
              .object({ base: z.number().positive().describe("Population in the model's base year"), values: z.record(z.string().regex(/^\d{4}$/), z.number().positive()), source: z.string().optional() })
              .strict()
              .optional()
              .describe("With population: the floor is per head (level × population ÷ base population)"),
            weight: z.number().positive().default(100).describe("Price of cutting the floor by 1 % in the feasibility check (a floor gives last)"),
            source: z.string().optional(),
          })
          .strict(),
      )
      .default([])
      .describe("Floors on final deliveries by category: the optimum respects them; the feasibility check says which floor gives"),
    foreignExchange: foreignExchange
      .optional()
      .describe("Imports paid for by exports and other inflows: the imports limit is at most what the account pays for (each inflow a low–high range; the plan is checked at the central values, and at low and high on request)"),
    baseline: z
      .object({
        finalDemand: yearValues.describe("Final deliveries every sector keeps up, from its base-year total final demand (e.g. { growth: 0 })"),
        weight: z.number().positive().default(0.5),
        rank: z.number().int().min(1).default(9),
      })
      .strict()
      .optional()
      .describe("The rest of the economy: each sector's final deliveries as a low-priority target"),
    limits: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().optional(),
            satellite: z.string().min(1).describe("Satellite row of the model (e.g. EMP, IMP): use per unit of output"),
            values: yearValues,
            unit: z.string().optional(),
            weight: z.number().positive().default(10).describe("Price of relaxing this limit by 1 % in the feasibility check"),
            source: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    review: z
      .object({
        near: z.number().gt(0).max(1).optional().describe("Lowest ratio counted as near (met is ≥ 1; default 0.9)"),
        precedence: z
          .array(z.object({ label: z.string().min(1), kind: z.enum(["reported", "estimate", "projection"]).optional(), source: z.string().optional().describe("Regular expression the source name must match (case-insensitive)") }).strict())
          .min(1)
          .optional()
          .describe("Source-precedence rule for the best estimate, first step first (default: statistics offices and central banks, ioplan derivations, other estimates, own claims, projections)"),
        imports: channel.extend({ row: z.string().min(1).describe("Satellite or value-added row of imported inputs (model units): the import share of each sector's output") }).strict().optional(),
        labour: channel.extend({ row: z.string().min(1).describe("Satellite or value-added row of labour cost (model units)") }).strict().optional(),
        finalDemand: z
          .array(channel.extend({ category: z.string().min(1).describe("Final-demand category of the model (e.g. EXP)"), label: z.string().optional() }).strict())
          .default([])
          .describe("Final-demand categories measured by observations (exports): each sector's own final-demand shortfall"),
        capacity: z
          .array(channel.extend({ sector: z.string().min(1).describe("Sector whose capacity the indicator measures"), label: z.string().optional() }).strict())
          .default([])
          .describe("Observed capacity of sectors (an index against the base year): below plan, it caps the sector's output at that share of the planned world's"),
        shocks: z.string().optional().describe("Scenario whose capacity losses are the logged events (each a channel of the explanation)"),
        priority: z
          .array(z.array(z.string().min(1)).min(1))
          .min(1)
          .optional()
          .describe("Rationing order for priority rationing: groups of sector codes, the first served first; sectors not named come last (default: by target rank, then weight)"),
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
export class PlanFileError extends Error {
  readonly problems: { path: string; message: string }[];
  constructor(file: string, problems: { path: string; message: string }[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n${problems.map((p) => `  ${p.path || "(top level)"}: ${p.message}`).join("\n")}`);
    this.name = "PlanFileError";
    this.problems = problems;
  }
}

/** Reads and checks a plan file's syntax and fields (not yet against a model). */
export function readPlanFile(file: string): { plan: PlanFile; modelDir: string; alternatives: { path: string; label: string }[] } {
  if (!existsSync(file)) throw new PlanFileError(file, [{ path: "", message: "file does not exist" }]);
  const text = readFileSync(file, "utf8");
  let raw: unknown;
  try {
    if (/\.json$/i.test(file)) raw = JSON.parse(text);
    else {
      // YAML's warnings (an unresolved tag, a mapping used as a key, an ambiguous anchor) are errors in a plan file
      const doc = parseDocument(text, { logLevel: "silent" });
      const first = [...doc.errors, ...doc.warnings][0];
      if (first) throw new Error(first.message.split("\n")[0]);
      raw = doc.toJS({ maxAliasCount: 100 });
    }
  } catch (e) {
    throw new PlanFileError(file, [{ path: "", message: `not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(e as Error).message}` }]);
  }
  // numbers must be finite everywhere: YAML's .inf and .nan, and a 1e999 that overflows, are refused by path
  const infinite = nonFinite(raw);
  if (infinite.length) throw new PlanFileError(file, infinite.map((p) => ({ path: p.path, message: `${p.value} is not a finite number` })));
  const r = planFileSchema.safeParse(raw, { reportInput: true });
  if (!r.success) {
    throw new PlanFileError(
      file,
      r.error.issues.map((i) => ({ path: i.path.join("."), message: `${i.message}${"input" in i && i.input !== undefined ? ` (got ${JSON.stringify(i.input)})` : ""}` })),
    );
  }
  if (r.data.period.end < r.data.period.start) throw new PlanFileError(file, [{ path: "period", message: `end ${r.data.period.end} is before start ${r.data.period.start}` }]);
  const at = (m: string) => (isAbsolute(m) ? m : resolve(dirname(file), m));
  return { plan: r.data, modelDir: at(r.data.model), alternatives: r.data.models.map((m) => ({ path: at(m.path), label: m.label ?? m.path })) };
}

/** Every number in a parsed document that is NaN or infinite, with its path. */
function nonFinite(v: unknown, path: string[] = [], out: { path: string; value: number }[] = []): { path: string; value: number }[] {
  if (typeof v === "number" && !Number.isFinite(v)) out.push({ path: path.join("."), value: v });
  else if (Array.isArray(v)) v.forEach((x, k) => nonFinite(x, [...path, String(k)], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) nonFinite(x, [...path, k], out);
  return out;
}

function perYear(v: z.infer<typeof yearValues>, years: number[], baseYear: number, baseValue: number, path: string, problems: { path: string; message: string }[]): Float64Array {
  const out = new Float64Array(years.length);
  if ("growth" in v && typeof v.growth === "number") {
    const base = typeof v.base === "number" ? v.base : baseValue;
    years.forEach((y, k) => (out[k] = base * Math.pow(1 + (v.growth as number), y - baseYear)));
    return out;
  }
  const given = Object.entries(v as Record<string, number>).map(([y, x]) => [Number(y), x] as const).sort((a, b) => a[0] - b[0]);
  for (const [y] of given) if (y < years[0] || y > years[years.length - 1]) problems.push({ path: `${path}.${y}`, message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}` });
  years.forEach((y, k) => {
    const before = [...given].reverse().find(([gy]) => gy <= y);
    const after = given.find(([gy]) => gy >= y);
    out[k] = !before ? after![1] : !after ? before[1] : before[0] === after[0] ? before[1] : before[1] + ((after[1] - before[1]) * (y - before[0])) / (after[0] - before[0]);
  });
  return out;
}

/** Floors per category: level × (population ÷ base, per head) × each sector's base-year deliveries of the category. */
function resolveFloors(p: PlanFile, m: EconomyModel, years: number[], problems: { path: string; message: string }[]): NonNullable<PlanSpec["floors"]> {
  const n = m.sectors.length;
  const out: NonNullable<PlanSpec["floors"]> = [];
  p.floors.forEach((f, q) => {
    const path = `floors.${q}`;
    const col = m.finalDemandCategories.indexOf(f.category);
    if (col < 0) {
      problems.push({ path: `${path}.category`, message: `"${f.category}" is not a final-demand category of ${m.name} (${m.finalDemandCategories.join(", ")})` });
      return;
    }
    if (p.floors.findIndex((g) => g.id === f.id) !== q) problems.push({ path: `${path}.id`, message: `id "${f.id}" is used twice` });
    const level = typeof f.level === "number" ? new Float64Array(years.length).fill(f.level) : perYear(f.level, years, m.baseYear, 1, `${path}.level`, problems);
    const perHead = f.population ? perYear(f.population.values, years, m.baseYear, f.population.base, `${path}.population.values`, problems).map((v) => v / f.population!.base) : new Float64Array(years.length).fill(1);
    const values = new Float64Array(years.length * n);
    years.forEach((_, t) => {
      for (let i = 0; i < n; i++) values[t * n + i] = Math.max(0, m.finalDemand.data[i * m.finalDemand.cols + col]) * level[t] * perHead[t];
    });
    out.push({ id: f.id, label: f.label ?? f.id, category: f.category, values, unit: m.unit, weight: f.weight });
  });
  return out;
}

/** How far past the model's largest output a plan figure may go before it is taken for a typo: 10¹² times. */
const SCALE_LIMIT = 1e12;

/**
 * Targets and limits beyond 10¹² times the model's largest output (a 1e308 typed for 1.308) are refused by field:
 * no economy plans that, and solvers read numbers near 1e20 as infinite.
 */
function outOfScale(p: PlanFile, m: EconomyModel, years: number[], targets: PlanSpec["targets"], limits: PlanSpec["limits"], problems: { path: string; message: string }[]) {
  const scale = Math.max(1, ...Array.from(m.x, Math.abs));
  const check = (path: string, v: number) => {
    if (Number.isFinite(v) && Math.abs(v) > SCALE_LIMIT * scale) problems.push({ path, message: `${v.toPrecision(4)} (model units) is over ${SCALE_LIMIT.toExponential(0)} times the model's largest output (${scale.toPrecision(4)} ${m.unit}): a typo?` });
  };
  targets.forEach((t) => {
    const k = p.targets.findIndex((q) => q.id === t.id);
    if (k >= 0) t.values.forEach((v, y) => check(`targets.${k}.values.${years[y]}`, v));
  });
  limits.forEach((l, k) => l.values.forEach((v, y) => check(`limits.${k}.values.${years[y]}`, v)));
}

/** Which end of every inflow's range a plan is resolved at. */
export type InflowCase = "low" | "central" | "high";

/** Limit units per unit of the foreign-exchange account: the limit's base-year value ÷ what it cost (`base`). */
function accountScale(fx: NonNullable<PlanFile["foreignExchange"]>, l: PlanFile["limits"][number] | undefined, m: EconomyModel): number {
  const sat = l ? m.satellites.find((s) => s.code === l.satellite) : undefined;
  return sat ? sat.values.reduce((a, b) => a + b, 0) / fx.base : NaN;
}

function amounts(v: z.infer<typeof amount>, years: number[], path: string, problems: { path: string; message: string }[]): Float64Array {
  return typeof v === "number" ? new Float64Array(years.length).fill(v) : perYear(v, years, years[0], 0, path, problems);
}

/** Puts the plan's foreign-exchange account on its limit as a ceiling: exports + inflows (at `which`), in limit units. */
function fundLimit(p: PlanFile, m: EconomyModel, years: number[], limits: PlanSpec["limits"], which: InflowCase, problems: { path: string; message: string }[]) {
  const fx = p.foreignExchange!;
  const k = limits.findIndex((l) => l.id === fx.limit);
  if (k < 0) {
    problems.push({ path: "foreignExchange.limit", message: `"${fx.limit}" is not a limit of the plan (limits: ${limits.map((l) => l.id).join(", ") || "none"})` });
    return;
  }
  const scale = accountScale(fx, p.limits.find((l) => l.id === fx.limit), m);
  const inUnits = (v: Float64Array) => v.map((x) => x * scale);
  const parts = [{ id: "exports", label: "exports", values: inUnits(amounts(fx.exports.values, years, "foreignExchange.exports.values", problems)) }];
  fx.inflows.forEach((f, q) => {
    const path = `foreignExchange.inflows.${q}`;
    if (f.id === "exports" || fx.inflows.findIndex((g) => g.id === f.id) !== q) problems.push({ path: `${path}.id`, message: `id "${f.id}" is used twice (or is "exports", which the account's exports use)` });
    const low = amounts(f.low, years, `${path}.low`, problems);
    const high = amounts(f.high, years, `${path}.high`, problems);
    const bad = low.findIndex((v, t) => v > high[t]);
    if (bad >= 0) problems.push({ path: `${path}.low`, message: `low ${low[bad]} is above high ${high[bad]} in ${years[bad]}` });
    const central = f.central === undefined ? low.map((v, t) => (v + high[t]) / 2) : amounts(f.central, years, `${path}.central`, problems);
    const v = which === "low" ? low : which === "high" ? high : central;
    parts.push({ id: f.id, label: f.label ?? f.id, values: inUnits(v) });
  });
  const l = limits[k];
  const uncapped = l.values;
  const values = Float64Array.from(years, (_, t) => parts.reduce((a, q) => a + q.values[t], 0));
  limits[k] = { ...l, values: uncapped.map((v, t) => Math.min(v, values[t])), ceiling: { label: `exports and other inflows (${which})`, parts, values, uncapped } };
}

const INVESTMENT = /^(GFCF|F02|F020|F02[SENR]|investment|gross fixed capital)/i;

/**
 * Resolves a plan file against its model: sector codes to indices, values to model units per year, limits to
 * per-unit coefficients of satellite rows, capacities and capital coefficients.
 * @throws PlanFileError listing every field that does not fit the model (unknown sector or satellite, …).
 */
export function resolvePlan(file: string, p: PlanFile, m: EconomyModel, options: { inflows?: InflowCase } = {}): PlanSpec {
  const problems: { path: string; message: string }[] = [];
  const years = Array.from({ length: p.period.end - p.period.start + 1 }, (_, k) => p.period.start + k);
  const index = new Map(m.sectors.map((s, i) => [s.code, i]));
  const n = m.sectors.length;
  const f = totalFinalDemand(m);
  const sample = m.sectors.slice(0, 8).map((s) => s.code).join(", ");
  const ids = new Set<string>();
  const targets: PlanSpec["targets"] = [];
  p.targets.forEach((t, k) => {
    const path = `targets.${k}`;
    if (ids.has(t.id)) problems.push({ path: `${path}.id`, message: `id "${t.id}" is used twice` });
    ids.add(t.id);
    const i = index.get(t.sector);
    if (i === undefined) {
      problems.push({ path: `${path}.sector`, message: `"${t.sector}" is not a sector of model ${m.name} (sectors: ${sample}${n > 8 ? ", …" : ""})` });
      return;
    }
    const base = (t.on === "output" ? m.x[i] : f[i]) / t.factor;
    const v = perYear(t.values, years, m.baseYear, base, `${path}.values`, problems);
    targets.push({ id: t.id, label: t.label ?? t.id, sector: i, on: t.on, kind: t.kind, values: v.map((x) => x * t.factor), unit: t.unit ?? m.unit, factor: t.factor, weight: t.weight, rank: t.rank });
  });
  if (p.baseline) {
    // One low-priority final-delivery target per sector with positive base-year final demand.
    for (let i = 0; i < n; i++) {
      if (!(f[i] > 0)) continue;
      const v = perYear(p.baseline.finalDemand, years, m.baseYear, f[i], "baseline.finalDemand", problems);
      targets.push({ id: `baseline:${m.sectors[i].code}`, label: `${m.sectors[i].code} final deliveries (baseline)`, sector: i, on: "final", kind: "min", values: v, unit: m.unit, factor: 1, weight: p.baseline.weight, rank: p.baseline.rank });
    }
  }
  const limits: PlanSpec["limits"] = [];
  p.limits.forEach((l, k) => {
    const path = `limits.${k}`;
    const sat = m.satellites.find((s) => s.code === l.satellite);
    if (!sat) {
      problems.push({ path: `${path}.satellite`, message: `"${l.satellite}" is not a satellite row of model ${m.name} (it has: ${m.satellites.map((s) => s.code).join(", ") || "none"})` });
      return;
    }
    const coefficients = Float64Array.from({ length: n }, (_, i) => (m.x[i] === 0 ? 0 : sat.values[i] / m.x[i]));
    const base = sat.values.reduce((a, b) => a + b, 0);
    limits.push({ id: l.id, label: l.label ?? l.id, unit: l.unit ?? sat.unit, coefficients, values: perYear(l.values, years, m.baseYear, base, `${path}.values`, problems), weight: l.weight });
  });
  if (p.foreignExchange) fundLimit(p, m, years, limits, options.inflows ?? "central", problems);
  outOfScale(p, m, years, targets, limits, problems);
  const floors = resolveFloors(p, m, years, problems);
  const c = p.capacity;
  let initial: Float64Array;
  if (c.initial === "model") {
    if (!m.capacities) problems.push({ path: "capacity.initial", message: `"model" needs capacities in the model; ${m.name} has none (give a multiple of base-year output, e.g. 1.1)` });
    initial = m.capacities ? Float64Array.from(m.capacities) : new Float64Array(n).fill(Infinity);
  } else initial = Float64Array.from(m.x, (x) => x * (c.initial as number));
  for (const [code, mult] of Object.entries(c.perSector ?? {})) {
    const i = index.get(code);
    if (i === undefined) problems.push({ path: `capacity.perSector.${code}`, message: `"${code}" is not a sector of model ${m.name}` });
    else initial[i] = m.x[i] * mult;
  }
  let capital: Matrix | undefined;
  let capitalMix: { ratio: number; mix: Float64Array } | undefined;
  let leadTime = 1;
  if (c.investment !== false) {
    leadTime = c.investment.leadTime;
    if (m.capitalCoefficients) capital = m.capitalCoefficients;
    else {
      const cats = c.investment.from ? c.investment.from : m.finalDemandCategories.filter((x) => INVESTMENT.test(x));
      const cols = cats.map((x) => m.finalDemandCategories.indexOf(x));
      cats.forEach((x, k) => {
        if (cols[k] < 0) problems.push({ path: "capacity.investment.from", message: `"${x}" is not a final-demand category of ${m.name} (${m.finalDemandCategories.join(", ")})` });
      });
      if (cats.length === 0) problems.push({ path: "capacity.investment.from", message: `no fixed-investment category found in ${m.name}; name the categories (${m.finalDemandCategories.join(", ")})` });
      // every unit of new capacity needs κ units of capital goods in the base-year investment mix
      const mix = new Float64Array(n);
      for (let i = 0; i < n; i++) for (const col of cols) if (col >= 0) mix[i] += Math.max(0, m.finalDemand.data[i * m.finalDemand.cols + col]);
      const total = mix.reduce((a, b) => a + b, 0);
      if (total > 0) capitalMix = { ratio: c.investment.capitalOutputRatio, mix: mix.map((v) => v / total) };
      else if (cats.length) problems.push({ path: "capacity.investment.from", message: `categories ${cats.join(", ")} hold no positive investment in ${m.name}` });
    }
  }
  let importSubstitution: PlanSpec["importSubstitution"];
  if (p.substitution) {
    const k = limits.findIndex((l) => l.id === p.substitution!.limit);
    if (k < 0) problems.push({ path: "substitution.limit", message: `"${p.substitution.limit}" is not a limit of the plan (limits: ${limits.map((l) => l.id).join(", ") || "none"})` });
    if (!m.importCoefficients) problems.push({ path: "substitution", message: `${m.name} has no import coefficients (import_coefficients.csv), which substitution needs` });
    if (k >= 0 && m.importCoefficients) importSubstitution = { limit: k, imports: m.importCoefficients, share: p.substitution.share, cost: p.substitution.cost };
  }
  if (problems.length) throw new PlanFileError(file, problems);
  return { name: p.name, years, targets, limits, capacity: { initial, capital, capitalMix, leadTime, depreciation: c.depreciation }, importSubstitution, floors: floors.length ? floors : undefined };
}

const DAY = 86_400_000;
/** Start of a date or year, in ms (UTC). */
const startMs = (d: string | number) => (typeof d === "number" ? Date.UTC(d, 0, 1) : Date.parse(`${d}T00:00:00Z`));
/** End (exclusive) of a date or year: the day after the date, or 1 January of the next year. */
const endMs = (d: string | number | undefined) => (d === undefined ? Infinity : typeof d === "number" ? Date.UTC(d + 1, 0, 1) : Date.parse(`${d}T00:00:00Z`) + DAY);

/**
 * Resolves a named scenario of a plan file (following `basedOn`) into engine shocks on the resolved plan, and
 * applies them. Dated events become yearly factors (the average over each year of a daily profile).
 * @throws PlanFileError naming the scenario, shock and field that do not fit (unknown scenario, limit, sector).
 */
export function applyScenario(file: string, p: PlanFile, m: EconomyModel, spec: PlanSpec, name: string): PlanSpec {
  return applyShocks(spec, m.A, m.importCoefficients, scenarioShocks(file, p, m, spec, name), name);
}

/**
 * The engine shocks of a named scenario (following `basedOn`), resolved to plan years, each labelled with its
 * scenario, label and source.
 * @throws PlanFileError as {@link applyScenario}.
 */
export function scenarioShocks(file: string, p: PlanFile, m: EconomyModel, spec: PlanSpec, name: string): Shock[] {
  const problems: { path: string; message: string }[] = [];
  const byName = new Map(p.scenarios.map((s, k) => [s.name, { s, k }]));
  const chain: { s: PlanFile["scenarios"][number]; k: number }[] = [];
  const seen = new Set<string>();
  let cur: string | undefined = name;
  while (cur !== undefined) {
    const e = byName.get(cur);
    if (!e) {
      problems.push({ path: "scenarios", message: `no scenario named "${cur}" (scenarios: ${p.scenarios.map((s) => s.name).join(", ") || "none"})` });
      break;
    }
    if (seen.has(cur)) {
      problems.push({ path: `scenarios.${e.k}.basedOn`, message: `scenarios build on each other in a circle: ${[...seen, cur].join(" → ")}` });
      break;
    }
    seen.add(cur);
    chain.unshift(e);
    cur = e.s.basedOn;
  }
  const sectorIndex = new Map(m.sectors.map((x, i) => [x.code, i]));
  const limitIndex = new Map(spec.limits.map((l, k) => [l.id, k]));
  const years = spec.years;
  const shocks: Shock[] = [];
  for (const { s, k } of chain) {
    s.shocks.forEach((sh, q) => {
      const path = `scenarios.${k}.shocks.${q}`;
      const label = `${s.name}: ${sh.label ?? sh.kind}${sh.source ? ` [${sh.source}]` : ""}`;
      const limit = (id: string | undefined, field: string) => {
        if (id === undefined) return undefined;
        const x = limitIndex.get(id);
        if (x === undefined) problems.push({ path: `${path}.${field}`, message: `"${id}" is not a limit of the plan (limits: ${spec.limits.map((l) => l.id).join(", ") || "none"})` });
        return x;
      };
      const sector = (code: string, field: string) => {
        const x = sectorIndex.get(code);
        if (x === undefined) problems.push({ path: `${path}.${field}`, message: `"${code}" is not a sector of model ${m.name}` });
        return x;
      };
      switch (sh.kind) {
        case "importCap": {
          const k2 = limit(sh.limit, "limit");
          const values = new Float64Array(years.length).fill(NaN);
          for (const [y, v] of Object.entries(sh.values)) {
            const t = years.indexOf(Number(y));
            if (t < 0) problems.push({ path: `${path}.values.${y}`, message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}` });
            else values[t] = v;
          }
          if (k2 !== undefined) {
            if (sh.relative) shocks.push({ kind: "limitScale", label, limit: k2, factor: values.map((v) => (Number.isNaN(v) ? 1 : v)) });
            else shocks.push({ kind: "limitSet", label, limit: k2, values });
          }
          break;
        }
        case "foreignExchange": {
          const fx = p.foreignExchange;
          if (!fx) {
            problems.push({ path: `${path}.kind`, message: "a foreignExchange shock needs the plan's foreignExchange account" });
            break;
          }
          const k2 = limitIndex.get(fx.limit);
          if (sh.part !== "exports" && !fx.inflows.some((f) => f.id === sh.part)) problems.push({ path: `${path}.part`, message: `"${sh.part}" is not part of the account (exports, ${fx.inflows.map((f) => f.id).join(", ")})` });
          const scale = accountScale(fx, p.limits.find((l) => l.id === fx.limit), m);
          const values = new Float64Array(years.length).fill(NaN);
          for (const [y, v] of Object.entries(sh.values)) {
            const t = years.indexOf(Number(y));
            if (t < 0) problems.push({ path: `${path}.values.${y}`, message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}` });
            else values[t] = v * scale;
          }
          if (k2 !== undefined) shocks.push({ kind: "ceilingPartSet", label, limit: k2, part: sh.part, values });
          break;
        }
        case "substitution": {
          if (!p.substitution) problems.push({ path: `${path}.kind`, message: "a substitution shock needs the plan's substitution block (its limit and the model's import coefficients)" });
          else shocks.push({ kind: "substitutionSet", label, share: sh.share, cost: sh.cost ?? p.substitution.cost });
          break;
        }
        case "borderClosure": {
          const k2 = limit(sh.limit, "limit");
          const a = startMs(sh.start);
          const b = endMs(sh.end);
          const ramp = sh.rampDays * DAY;
          const low = 1 - sh.depth;
          const factor = yearShares(years, (d) => (d < a ? 1 : d < b ? low : ramp > 0 && d < b + ramp ? low + (sh.depth * (d - b)) / ramp : 1));
          if (k2 !== undefined) shocks.push({ kind: "limitScale", label, limit: k2, factor });
          break;
        }
        case "importBan": {
          const products = sh.products.map((c, i) => sector(c, `products.${i}`)).filter((x): x is number => x !== undefined);
          const a = startMs(sh.start);
          const b = endMs(sh.end);
          if (!m.importCoefficients) problems.push({ path, message: `an import ban needs the model's import coefficients; ${m.name} has none (import_coefficients.csv)` });
          shocks.push({ kind: "importBan", label, products, share: yearShares(years, (d) => (d >= a && d < b ? sh.depth : 0)), limit: limit(sh.limit, "limit") });
          break;
        }
        case "capacityLoss": {
          const i = sector(sh.sector, "sector");
          const a = startMs(sh.start);
          // full loss from the start until `end` (or none), then a linear recovery over recoveryDays (or at once
          // after `end`; never without either)
          const full = sh.end === undefined ? a : endMs(sh.end);
          const rec = sh.recoveryDays === undefined ? (sh.end === undefined ? Infinity : 0) : sh.recoveryDays * DAY;
          const factor = yearShares(years, (d) => (d < a ? 1 : d < full ? 1 - sh.share : !Number.isFinite(rec) ? 1 - sh.share : d < full + rec ? 1 - sh.share * (1 - (d - full) / rec) : 1));
          if (i !== undefined) shocks.push({ kind: "capacityScale", label, sector: i, factor });
          break;
        }
        case "coefficientChange": {
          const i = sector(sh.row, "row");
          const j = sector(sh.column, "column");
          const a = startMs(sh.start);
          const b = endMs(sh.end);
          const factor = yearShares(years, (d) => (d >= a && d < b ? sh.factor : 1));
          if (i !== undefined && j !== undefined) shocks.push({ kind: "coefficientScale", label, i, j, factor });
          break;
        }
      }
    });
  }
  if (problems.length) throw new PlanFileError(file, problems);
  return shocks;
}
