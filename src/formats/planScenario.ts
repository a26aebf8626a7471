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
  const byName = new Map(p.scenarios.map((s, k) => [s.name, { s, k }]));
  const chain: { s: PlanFile["scenarios"][number]; k: number }[] = [];
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
        if (x === undefined)
          problems.push({
            path: `${path}.${field}`,
            message: `"${id}" is not a limit of the plan (limits: ${spec.limits.map((l) => l.id).join(", ") || "none"})`,
          });
        return x;
      };
      const sector = (code: string, field: string) => {
        const x = sectorIndex.get(code);
        if (x === undefined)
          problems.push({ path: `${path}.${field}`, message: `"${code}" is not a sector of model ${m.name}` });
        return x;
      };
      switch (sh.kind) {
        case "importCap": {
          const k2 = limit(sh.limit, "limit");
          const values = new Float64Array(years.length).fill(NaN);
          for (const [y, v] of Object.entries(sh.values)) {
            const t = years.indexOf(Number(y));
            if (t < 0)
              problems.push({
                path: `${path}.values.${y}`,
                message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}`,
              });
            else values[t] = v;
          }
          if (k2 !== undefined) {
            if (sh.relative)
              shocks.push({
                kind: "limitScale",
                label,
                limit: k2,
                factor: values.map((v) => (Number.isNaN(v) ? 1 : v)),
              });
            else shocks.push({ kind: "limitSet", label, limit: k2, values });
          }
          break;
        }
        case "foreignExchange": {
          const fx = p.foreignExchange;
          if (!fx) {
            problems.push({
              path: `${path}.kind`,
              message: "a foreignExchange shock needs the plan's foreignExchange account",
            });
            break;
          }
          const k2 = limitIndex.get(fx.limit);
          if (sh.part !== "exports" && !fx.inflows.some((f) => f.id === sh.part))
            problems.push({
              path: `${path}.part`,
              message: `"${sh.part}" is not part of the account (exports, ${fx.inflows.map((f) => f.id).join(", ")})`,
            });
          const scale = accountScale(
            fx,
            p.limits.find((l) => l.id === fx.limit),
            m,
          );
          const values = new Float64Array(years.length).fill(NaN);
          for (const [y, v] of Object.entries(sh.values)) {
            const t = years.indexOf(Number(y));
            if (t < 0)
              problems.push({
                path: `${path}.values.${y}`,
                message: `year ${y} is outside the plan period ${years[0]}–${years[years.length - 1]}`,
              });
            else values[t] = v * scale;
          }
          if (k2 !== undefined) shocks.push({ kind: "ceilingPartSet", label, limit: k2, part: sh.part, values });
          break;
        }
        case "substitution": {
          if (!p.substitution)
            problems.push({
              path: `${path}.kind`,
              message:
                "a substitution shock needs the plan's substitution block (its limit and the model's import coefficients)",
            });
          else shocks.push({ kind: "substitutionSet", label, share: sh.share, cost: sh.cost ?? p.substitution.cost });
          break;
        }
        case "borderClosure": {
          const k2 = limit(sh.limit, "limit");
          const a = startMs(sh.start);
          const b = endMs(sh.end);
          const ramp = sh.rampDays * DAY;
          const low = 1 - sh.depth;
          const factor = yearShares(years, (d) =>
            d < a ? 1 : d < b ? low : ramp > 0 && d < b + ramp ? low + (sh.depth * (d - b)) / ramp : 1,
          );
          if (k2 !== undefined) shocks.push({ kind: "limitScale", label, limit: k2, factor });
          break;
        }
        case "importBan": {
          const products = sh.products
            .map((c, i) => sector(c, `products.${i}`))
            .filter((x): x is number => x !== undefined);
          const a = startMs(sh.start);
          const b = endMs(sh.end);
          if (!m.importCoefficients)
            problems.push({
              path,
              message: `an import ban needs the model's import coefficients; ${m.name} has none (import_coefficients.csv)`,
            });
          shocks.push({
            kind: "importBan",
            label,
            products,
            share: yearShares(years, (d) => (d >= a && d < b ? sh.depth : 0)),
            limit: limit(sh.limit, "limit"),
          });
          break;
        }
        case "capacityLoss": {
          const i = sector(sh.sector, "sector");
          const a = startMs(sh.start);
          // full loss from the start until `end` (or none), then a linear recovery over recoveryDays (or at once
          // after `end`; never without either)
          const full = sh.end === undefined ? a : endMs(sh.end);
          const rec = sh.recoveryDays === undefined ? (sh.end === undefined ? Infinity : 0) : sh.recoveryDays * DAY;
          const factor = yearShares(years, (d) =>
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
