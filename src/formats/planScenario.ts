/**
 * A plan file's scenarios as engine shocks: dated events become yearly factors, foreign-exchange parts become
 * ceilings in limit units, and every shock keeps its scenario, label and source.
 */
import type { EconomyModel, PlanSpec, Shock } from "../engine/index.ts";
import { applyShocks, yearShares } from "../engine/index.ts";
import { PlanFileError } from "./planSchema.ts";
import type { PlanFile } from "./planSchema.ts";

/** Limit units per unit of the foreign-exchange account: the limit's base-year value ÷ what it cost (`base`). */
export function accountScale(
  fx: NonNullable<PlanFile["foreignExchange"]>,
  l: PlanFile["limits"][number] | undefined,
  m: EconomyModel,
): number {
  const sat = l ? m.satellites.find((s) => s.code === l.satellite) : undefined;
  return sat ? sat.values.reduce((a, b) => a + b, 0) / fx.base : NaN;
}

const DAY = 86_400_000;
/** Start of a date or year, in ms (UTC). */
const startMs = (d: string | number) => (typeof d === "number" ? Date.UTC(d, 0, 1) : Date.parse(`${d}T00:00:00Z`));
/** End (exclusive) of a date or year: the day after the date, or 1 January of the next year. */
const endMs = (d: string | number | undefined) =>
  d === undefined ? Infinity : typeof d === "number" ? Date.UTC(d + 1, 0, 1) : Date.parse(`${d}T00:00:00Z`) + DAY;

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
  const chain = scenarioChain(p, name, problems);
  const sectorIndex = new Map(m.sectors.map((x, i) => [x.code, i]));
  const limitIndex = new Map(spec.limits.map((l, k) => [l.id, k]));
  const shocks: Shock[] = [];
  for (const { s, k } of chain) {
    s.shocks.forEach((sh, q) => {
      const path = `scenarios.${k}.shocks.${q}`;
      const limit = (id: string | undefined, field: string) => {
        if (id === undefined) return undefined;
        const x = limitIndex.get(id);
        if (x === undefined) {
          const limits = spec.limits.map((l) => l.id).join(", ") || "none";
          problems.push({
            path: `${path}.${field}`,
            message: `"${id}" is not a limit of the plan (limits: ${limits})`,
          });
        }
        return x;
      };
      const sector = (code: string, field: string) => {
        const x = sectorIndex.get(code);
        if (x === undefined)
          problems.push({ path: `${path}.${field}`, message: `"${code}" is not a sector of model ${m.name}` });
        return x;
      };
      const label = `${s.name}: ${sh.label ?? sh.kind}${sh.source ? ` [${sh.source}]` : ""}`;
      const shock = resolveShock(sh, { path, label, p, m, years: spec.years, limitIndex, problems, limit, sector });
      if (shock) shocks.push(shock);
    });
  }
  if (problems.length) throw new PlanFileError(file, problems);
  return shocks;
}

type Scenario = PlanFile["scenarios"][number];
type ShockSpec = Scenario["shocks"][number];
type ShockOf<K extends ShockSpec["kind"]> = Extract<ShockSpec, { kind: K }>;

/** The named scenario and those it is based on, the first base first (an unknown name or a circle is a problem). */
function scenarioChain(
  p: PlanFile,
  name: string,
  problems: { path: string; message: string }[],
): { s: Scenario; k: number }[] {
  const byName = new Map(p.scenarios.map((s, k) => [s.name, { s, k }]));
  const chain: { s: Scenario; k: number }[] = [];
  const seen = new Set<string>();
  let cur: string | undefined = name;
  while (cur !== undefined) {
    const e = byName.get(cur);
    if (!e) {
      problems.push({
        path: "scenarios",
        message: `no scenario named "${cur}" (scenarios: ${p.scenarios.map((s) => s.name).join(", ") || "none"})`,
      });
      break;
    }
    if (seen.has(cur)) {
      problems.push({
        path: `scenarios.${e.k}.basedOn`,
        message: `scenarios build on each other in a circle: ${[...seen, cur].join(" → ")}`,
      });
      break;
    }
    seen.add(cur);
    chain.unshift(e);
    cur = e.s.basedOn;
  }
  return chain;
}

/** What resolving one shock reads: where it is, its label, the plan and model, and how to look up a limit or sector. */
interface ShockContext {
  path: string;
  label: string;
  p: PlanFile;
  m: EconomyModel;
  years: number[];
  limitIndex: Map<string, number>;
  problems: { path: string; message: string }[];
  /** The limit's index, or undefined (a problem when the id is given but unknown). */
  limit(id: string | undefined, field: string): number | undefined;
  /** The sector's index, or undefined (a problem when the code is unknown). */
  sector(code: string, field: string): number | undefined;
}

/** One shock of a scenario as an engine shock, or undefined when it does not fit (its problems are recorded). */
function resolveShock(sh: ShockSpec, c: ShockContext): Shock | undefined {
  switch (sh.kind) {
    case "importCap":
      return importCap(sh, c);
    case "foreignExchange":
      return foreignExchange(sh, c);
    case "substitution":
      if (!c.p.substitution) {
        c.problems.push({ path: `${c.path}.kind`, message: SUBSTITUTION_NEEDS_BLOCK });
        return undefined;
      }
      return { kind: "substitutionSet", label: c.label, share: sh.share, cost: sh.cost ?? c.p.substitution.cost };
    case "borderClosure":
      return borderClosure(sh, c);
    case "importBan":
      return importBan(sh, c);
    case "capacityLoss":
      return capacityLoss(sh, c);
    case "coefficientChange": {
      const i = c.sector(sh.row, "row");
      const j = c.sector(sh.column, "column");
      const a = startMs(sh.start);
      const b = endMs(sh.end);
      const factor = yearShares(c.years, (d) => (d >= a && d < b ? sh.factor : 1));
      return i !== undefined && j !== undefined
        ? { kind: "coefficientScale", label: c.label, i, j, factor }
        : undefined;
    }
  }
}

const SUBSTITUTION_NEEDS_BLOCK =
  "a substitution shock needs the plan's substitution block (its limit and the model's import coefficients)";

/** Values given by year, times `scale`, on the plan's years (NaN where none is given; a year outside is a problem). */
function byPlanYear(values: Record<string, number>, c: ShockContext, scale = 1): Float64Array {
  const { years } = c;
  const out = new Float64Array(years.length).fill(NaN);
  for (const [y, v] of Object.entries(values)) {
    const t = years.indexOf(Number(y));
    if (t < 0)
      c.problems.push({
        path: `${c.path}.values.${y}`,
        message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}`,
      });
    else out[t] = v * scale;
  }
  return out;
}

/** A cap on a limit per year: the values themselves, or factors on the plan's when `relative`. */
function importCap(sh: ShockOf<"importCap">, c: ShockContext): Shock | undefined {
  const k = c.limit(sh.limit, "limit");
  const values = byPlanYear(sh.values, c);
  if (k === undefined) return undefined;
  if (sh.relative)
    return { kind: "limitScale", label: c.label, limit: k, factor: values.map((v) => (Number.isNaN(v) ? 1 : v)) };
  return { kind: "limitSet", label: c.label, limit: k, values };
}

/** A part of the foreign-exchange account set per year, in the limit's units. */
function foreignExchange(sh: ShockOf<"foreignExchange">, c: ShockContext): Shock | undefined {
  const fx = c.p.foreignExchange;
  if (!fx) {
    c.problems.push({
      path: `${c.path}.kind`,
      message: "a foreignExchange shock needs the plan's foreignExchange account",
    });
    return undefined;
  }
  const k = c.limitIndex.get(fx.limit);
  if (sh.part !== "exports" && !fx.inflows.some((f) => f.id === sh.part))
    c.problems.push({
      path: `${c.path}.part`,
      message: `"${sh.part}" is not part of the account (exports, ${fx.inflows.map((f) => f.id).join(", ")})`,
    });
  const scale = accountScale(
    fx,
    c.p.limits.find((l) => l.id === fx.limit),
    c.m,
  );
  const values = byPlanYear(sh.values, c, scale);
  return k !== undefined ? { kind: "ceilingPartSet", label: c.label, limit: k, part: sh.part, values } : undefined;
}

/** A limit lowered by `depth` while the border is closed, recovering linearly over `rampDays` after. */
function borderClosure(sh: ShockOf<"borderClosure">, c: ShockContext): Shock | undefined {
  const k = c.limit(sh.limit, "limit");
  const a = startMs(sh.start);
  const b = endMs(sh.end);
  const ramp = sh.rampDays * DAY;
  const low = 1 - sh.depth;
  const factor = yearShares(c.years, (d) =>
    d < a ? 1 : d < b ? low : ramp > 0 && d < b + ramp ? low + (sh.depth * (d - b)) / ramp : 1,
  );
  return k !== undefined ? { kind: "limitScale", label: c.label, limit: k, factor } : undefined;
}

/** Imports of some products banned (a share `depth` of them) between two dates. */
function importBan(sh: ShockOf<"importBan">, c: ShockContext): Shock {
  const { m } = c;
  const products = sh.products
    .map((code, i) => c.sector(code, `products.${i}`))
    .filter((x): x is number => x !== undefined);
  const a = startMs(sh.start);
  const b = endMs(sh.end);
  if (!m.importCoefficients)
    c.problems.push({
      path: c.path,
      message: `an import ban needs the model's import coefficients; ${m.name} has none (import_coefficients.csv)`,
    });
  return {
    kind: "importBan",
    label: c.label,
    products,
    share: yearShares(c.years, (d) => (d >= a && d < b ? sh.depth : 0)),
    limit: c.limit(sh.limit, "limit"),
  };
}

/** A share of a sector's capacity lost from a date, then recovered. */
function capacityLoss(sh: ShockOf<"capacityLoss">, c: ShockContext): Shock | undefined {
  const i = c.sector(sh.sector, "sector");
  const a = startMs(sh.start);
  // full loss from the start until `end` (or none), then a linear recovery over recoveryDays (or at once
  // after `end`; never without either)
  const full = sh.end === undefined ? a : endMs(sh.end);
  const rec = sh.recoveryDays === undefined ? (sh.end === undefined ? Infinity : 0) : sh.recoveryDays * DAY;
  const factor = yearShares(c.years, (d) =>
    d < a
      ? 1
      : d < full
        ? 1 - sh.share
        : !Number.isFinite(rec)
          ? 1 - sh.share
          : d < full + rec
            ? 1 - sh.share * (1 - (d - full) / rec)
            : 1,
  );
  return i !== undefined ? { kind: "capacityScale", label: c.label, sector: i, factor } : undefined;
}
