import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDocument } from "yaml";
import type { EconomyModel, Matrix, PlanSpec } from "../engine/index.ts";
import { totalFinalDemand } from "../engine/index.ts";
import { PlanFileError, planFileSchema } from "./planSchema.ts";
import type { InflowCase, PlanFile } from "./planSchema.ts";
import { resolveStocks } from "./planStocks.ts";
import { perYear } from "./planValues.ts";
import type { Problem } from "./planValues.ts";
import { defaultFloors, resolveFloors } from "./planFloors.ts";
import { fundLimit } from "./planFunding.ts";

// the plan file's schema and scenarios live beside this file; importers keep one door
export { PlanFileError, planFileSchema, planJsonSchema, shockSchema } from "./planSchema.ts";
export type { InflowCase, PlanFile } from "./planSchema.ts";
export { applyScenario, scenarioShocks } from "./planScenario.ts";

/** Reads and checks a plan file's syntax and fields (not yet against a model). */
export function readPlanFile(file: string): {
  plan: PlanFile;
  modelDir: string;
  alternatives: { path: string; label: string }[];
} {
  if (!existsSync(file)) throw new PlanFileError(file, [{ path: "", message: "file does not exist" }]);
  const text = readFileSync(file, "utf8");
  let raw: unknown;
  try {
    if (/\.json$/i.test(file)) raw = JSON.parse(text);
    else {
      // YAML's warnings (an unresolved tag, a mapping used as a key, an ambiguous anchor) are errors in a plan file
      const doc = parseDocument(text, { logLevel: "silent" });
      const first = [...doc.errors, ...doc.warnings][0];
      // the message's first line ends "…at line 4, column 1:" before a code frame: say the line itself instead
      if (first) {
        const where = first.linePos?.[0];
        const line = where ? text.split("\n")[where.line - 1] : undefined;
        throw new Error(
          `${first.message.split("\n")[0].replace(/:$/, "")}${line !== undefined ? ` (the line reads ${JSON.stringify(line.length > 80 ? `${line.slice(0, 79)}…` : line)})` : ""}`,
        );
      }
      raw = doc.toJS({ maxAliasCount: 100 });
    }
  } catch (e) {
    throw new PlanFileError(file, [
      { path: "", message: `not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(e as Error).message}` },
    ]);
  }
  // numbers must be finite everywhere: YAML's .inf and .nan, and a 1e999 that overflows, are refused by path
  const infinite = nonFinite(raw);
  if (infinite.length)
    throw new PlanFileError(
      file,
      infinite.map((p) => ({ path: p.path, message: `${p.value} is not a finite number` })),
    );
  const r = planFileSchema.safeParse(raw, { reportInput: true });
  if (!r.success) {
    throw new PlanFileError(
      file,
      r.error.issues.map((i) => ({
        path: i.path.join("."),
        message: `${i.message}${"input" in i && i.input !== undefined ? ` (got ${JSON.stringify(i.input)})` : ""}`,
      })),
    );
  }
  if (r.data.period.end < r.data.period.start)
    throw new PlanFileError(file, [
      { path: "period", message: `end ${r.data.period.end} is before start ${r.data.period.start}` },
    ]);
  const at = (m: string) => (isAbsolute(m) ? m : resolve(dirname(file), m));
  return {
    plan: r.data,
    modelDir: at(r.data.model),
    alternatives: r.data.models.map((m) => ({ path: at(m.path), label: m.label ?? m.path })),
  };
}

/** Every number in a parsed document that is NaN or infinite, with its path. */
function nonFinite(
  v: unknown,
  path: string[] = [],
  out: { path: string; value: number }[] = [],
): { path: string; value: number }[] {
  if (typeof v === "number" && !Number.isFinite(v)) out.push({ path: path.join("."), value: v });
  else if (Array.isArray(v)) v.forEach((x, k) => nonFinite(x, [...path, String(k)], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) nonFinite(x, [...path, k], out);
  return out;
}

/** How far past the model's largest output a plan figure may go before it is taken for a typo: 10¹² times. */
const SCALE_LIMIT = 1e12;

/**
 * Targets and limits beyond 10¹² times the model's largest output (a 1e308 typed for 1.308) are refused by field:
 * no economy plans that, and solvers read numbers near 1e20 as infinite.
 */
function outOfScale(
  p: PlanFile,
  m: EconomyModel,
  years: number[],
  targets: PlanSpec["targets"],
  limits: PlanSpec["limits"],
  problems: { path: string; message: string }[],
) {
  const scale = Math.max(1, ...Array.from(m.x, Math.abs));
  const check = (path: string, v: number) => {
    if (Number.isFinite(v) && Math.abs(v) > SCALE_LIMIT * scale)
      problems.push({
        path,
        message: `${v.toPrecision(4)} (model units) is over ${SCALE_LIMIT.toExponential(0)} times the model's largest output (${scale.toPrecision(4)} ${m.unit}): a typo?`,
      });
  };
  targets.forEach((t) => {
    const k = p.targets.findIndex((q) => q.id === t.id);
    if (k >= 0) t.values.forEach((v, y) => check(`targets.${k}.values.${years[y]}`, v));
  });
  limits.forEach((l, k) => l.values.forEach((v, y) => check(`limits.${k}.values.${years[y]}`, v)));
}

const INVESTMENT = /^(GFCF|F02|F020|F02[SENR]|investment|gross fixed capital)/i;

/**
 * Resolves a plan file against its model: sector codes to indices, values to model units per year, limits to
 * per-unit coefficients of satellite rows, capacities and capital coefficients.
 * @throws PlanFileError listing every field that does not fit the model (unknown sector or satellite, …).
 */
export function resolvePlan(
  file: string,
  p: PlanFile,
  m: EconomyModel,
  options: { inflows?: InflowCase; warnings?: { path: string; message: string }[] } = {},
): PlanSpec {
  const problems: Problem[] = [];
  const years = Array.from({ length: p.period.end - p.period.start + 1 }, (_, k) => p.period.start + k);
  const index = new Map(m.sectors.map((s, i) => [s.code, i]));
  const n = m.sectors.length;
  const f = totalFinalDemand(m);
  const sample = m.sectors
    .slice(0, 8)
    .map((s) => s.code)
    .join(", ");
  const ids = new Set<string>();
  const targets: PlanSpec["targets"] = [];
  p.targets.forEach((t, k) => {
    const path = `targets.${k}`;
    if (ids.has(t.id)) problems.push({ path: `${path}.id`, message: `id "${t.id}" is used twice` });
    ids.add(t.id);
    const i = index.get(t.sector);
    if (i === undefined) {
      problems.push({
        path: `${path}.sector`,
        message: `"${t.sector}" is not a sector of model ${m.name} (sectors: ${sample}${n > 8 ? ", …" : ""})`,
      });
      return;
    }
    const base = (t.on === "output" ? m.x[i] : f[i]) / t.factor;
    const v = perYear(t.values, years, m.baseYear, base, `${path}.values`, problems, {
      holdBack: t.only ? "silent" : "warn",
    });
    if (t.only) {
      // a target in the years given only: NaN (no target row) in the others
      if ("growth" in t.values)
        problems.push({ path: `${path}.only`, message: "only applies to values given per year, not to growth" });
      else years.forEach((y, k) => (v[k] = String(y) in t.values ? v[k] : NaN));
    }
    targets.push({
      id: t.id,
      label: t.label ?? t.id,
      sector: i,
      on: t.on,
      kind: t.kind,
      values: v.map((x) => x * t.factor),
      unit: t.unit ?? m.unit,
      factor: t.factor,
      weight: t.weight,
      rank: t.rank,
    });
  });
  if (p.baseline) {
    // One low-priority final-delivery target per sector with positive base-year final demand.
    for (let i = 0; i < n; i++) {
      if (!(f[i] > 0)) continue;
      const v = perYear(p.baseline.finalDemand, years, m.baseYear, f[i], "baseline.finalDemand", problems);
      targets.push({
        id: `baseline:${m.sectors[i].code}`,
        label: `${m.sectors[i].name} (${m.sectors[i].code}) final deliveries, baseline`,
        sector: i,
        on: "final",
        kind: "min",
        values: v,
        unit: m.unit,
        factor: 1,
        weight: p.baseline.weight,
        rank: p.baseline.rank,
      });
    }
  }
  const limits: PlanSpec["limits"] = [];
  p.limits.forEach((l, k) => {
    const path = `limits.${k}`;
    const sat = m.satellites.find((s) => s.code === l.satellite);
    if (!sat) {
      problems.push({
        path: `${path}.satellite`,
        message: `"${l.satellite}" is not a satellite row of model ${m.name} (it has: ${m.satellites.map((s) => s.code).join(", ") || "none"})`,
      });
      return;
    }
    const coefficients = Float64Array.from({ length: n }, (_, i) => (m.x[i] === 0 ? 0 : sat.values[i] / m.x[i]));
    const base = sat.values.reduce((a, b) => a + b, 0);
    limits.push({
      id: l.id,
      label: l.label ?? l.id,
      unit: l.unit ?? sat.unit,
      coefficients,
      values: perYear(l.values, years, m.baseYear, base, `${path}.values`, problems),
      weight: l.weight,
    });
  });
  if (p.foreignExchange) fundLimit(p, m, years, limits, options.inflows ?? "central", problems);
  outOfScale(p, m, years, targets, limits, problems);
  const floors = p.floors.length ? resolveFloors(p, m, years, problems) : defaultFloors(p, m, years);
  const c = p.capacity;
  let initial: Float64Array;
  if (c.initial === "model") {
    if (!m.capacities)
      problems.push({
        path: "capacity.initial",
        message: `"model" needs capacities in the model; ${m.name} has none (give a multiple of base-year output, e.g. 1.1)`,
      });
    initial = m.capacities ? Float64Array.from(m.capacities) : new Float64Array(n).fill(Infinity);
  } else initial = Float64Array.from(m.x, (x) => x * (c.initial as number));
  for (const [code, mult] of Object.entries(c.perSector ?? {})) {
    const i = index.get(code);
    if (i === undefined)
      problems.push({ path: `capacity.perSector.${code}`, message: `"${code}" is not a sector of model ${m.name}` });
    else initial[i] = m.x[i] * mult;
  }
  let depreciation: number | Float64Array;
  if (typeof c.depreciation === "number") depreciation = c.depreciation;
  else {
    const rates = new Float64Array(n).fill(c.depreciation.default ?? 0);
    for (const [code, rate] of Object.entries(c.depreciation)) {
      if (code === "default") continue;
      const i = index.get(code);
      if (i === undefined)
        problems.push({
          path: `capacity.depreciation.${code}`,
          message: `"${code}" is not a sector of model ${m.name}; give sector codes, or "default" for every other sector`,
        });
      else rates[i] = rate;
    }
    depreciation = rates;
  }
  let capital: Matrix | undefined;
  let capitalMix: { ratio: number; mix: Float64Array } | undefined;
  let leadTime = 1;
  const stocks = resolveStocks(
    c,
    m,
    initial,
    (j) => (typeof depreciation === "number" ? depreciation : depreciation[j]),
    problems,
  );
  if (c.investment !== false) leadTime = c.investment.leadTime;
  if (stocks)
    initial = new Float64Array(n).fill(Infinity); // the stocks bound output instead
  else if (c.investment !== false) {
    if (m.capitalCoefficients) capital = m.capitalCoefficients;
    else {
      const cats = c.investment.from ? c.investment.from : m.finalDemandCategories.filter((x) => INVESTMENT.test(x));
      const cols = cats.map((x) => m.finalDemandCategories.indexOf(x));
      cats.forEach((x, k) => {
        if (cols[k] < 0)
          problems.push({
            path: "capacity.investment.from",
            message: `"${x}" is not a final-demand category of ${m.name} (${m.finalDemandCategories.join(", ")})`,
          });
      });
      if (cats.length === 0)
        problems.push({
          path: "capacity.investment.from",
          message: `no fixed-investment category found in ${m.name}; name the categories (${m.finalDemandCategories.join(", ")})`,
        });
      // every unit of new capacity needs κ units of capital goods in the base-year investment mix
      const mix = new Float64Array(n);
      for (let i = 0; i < n; i++)
        for (const col of cols) if (col >= 0) mix[i] += Math.max(0, m.finalDemand.data[i * m.finalDemand.cols + col]);
      const total = mix.reduce((a, b) => a + b, 0);
      const ratio = c.investment.capitalOutputRatio;
      if (ratio === undefined)
        problems.push({
          path: "capacity.investment.capitalOutputRatio",
          message: `${m.name} has no capital coefficients (capital_coefficients.csv): give the capital goods per unit of new capacity`,
        });
      else if (total > 0) capitalMix = { ratio, mix: mix.map((v) => v / total) };
      else if (cats.length)
        problems.push({
          path: "capacity.investment.from",
          message: `categories ${cats.join(", ")} hold no positive investment in ${m.name}`,
        });
    }
  }
  let importSubstitution: PlanSpec["importSubstitution"];
  if (p.substitution) {
    const k = limits.findIndex((l) => l.id === p.substitution!.limit);
    if (k < 0)
      problems.push({
        path: "substitution.limit",
        message: `"${p.substitution.limit}" is not a limit of the plan (limits: ${limits.map((l) => l.id).join(", ") || "none"})`,
      });
    if (!m.importCoefficients)
      problems.push({
        path: "substitution",
        message: `${m.name} has no import coefficients (import_coefficients.csv), which substitution needs`,
      });
    if (k >= 0 && m.importCoefficients)
      importSubstitution = {
        limit: k,
        imports: m.importCoefficients,
        share: p.substitution.share,
        cost: p.substitution.cost,
      };
  }
  const errors = problems.filter((q) => !q.warning);
  if (errors.length) throw new PlanFileError(file, errors);
  options.warnings?.push(...problems.filter((q) => q.warning).map(({ path, message }) => ({ path, message })));
  return {
    name: p.name,
    years,
    targets,
    limits,
    capacity: { initial, capital, capitalMix, leadTime, depreciation, stocks },
    importSubstitution,
    floors: floors.length ? floors : undefined,
    objective: p.objective,
  };
}
