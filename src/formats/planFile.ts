import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { parseDocument } from "yaml";
import type { EconomyModel, PlanSpec } from "../engine/index.ts";
import { totalFinalDemand } from "../engine/index.ts";
import { PlanFileError, planFileSchema } from "./planSchema.ts";
import type { InflowCase, PlanFile } from "./planSchema.ts";
import { resolveCapacity } from "./planCapacity.ts";
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
          first.message.split("\n")[0].replace(/:$/, "") +
            (line !== undefined ? ` (the line reads ${quoteLine(line)})` : ""),
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

/** A line of the file as a message quotes it: in JSON quotes, cut to 80 characters. */
function quoteLine(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 79)}…` : line);
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
        message:
          `${v.toPrecision(4)} (model units) is over ${SCALE_LIMIT.toExponential(0)} times ` +
          `the model's largest output (${scale.toPrecision(4)} ${m.unit}): a typo?`,
      });
  };
  targets.forEach((t) => {
    const k = p.targets.findIndex((q) => q.id === t.id);
    if (k >= 0) t.values.forEach((v, y) => check(`targets.${k}.values.${years[y]}`, v));
  });
  limits.forEach((l, k) => l.values.forEach((v, y) => check(`limits.${k}.values.${years[y]}`, v)));
}

/** What every step of resolving a plan reads: the plan, its model, its years, sector indices, and the problems. */
interface Resolving {
  p: PlanFile;
  m: EconomyModel;
  years: number[];
  index: Map<string, number>;
  problems: Problem[];
}

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
  const r: Resolving = { p, m, years, index, problems };
  const targets = resolveTargets(r);
  if (p.baseline) targets.push(...baselineTargets(r, p.baseline));
  const limits = resolveLimits(r);
  if (p.foreignExchange) fundLimit(p, m, years, limits, options.inflows ?? "central", problems);
  outOfScale(p, m, years, targets, limits, problems);
  const floors = p.floors.length ? resolveFloors(p, m, years, problems) : defaultFloors(p, m, years);
  const capacity = resolveCapacity(p, m, index, problems);
  const importSubstitution = p.substitution ? resolveSubstitution(r, p.substitution, limits) : undefined;
  const errors = problems.filter((q) => !q.warning);
  if (errors.length) throw new PlanFileError(file, errors);
  options.warnings?.push(...problems.filter((q) => q.warning).map(({ path, message }) => ({ path, message })));
  return {
    name: p.name,
    years,
    targets,
    limits,
    capacity,
    importSubstitution,
    floors: floors.length ? floors : undefined,
    objective: p.objective,
  };
}

/** The plan's own targets: each on a sector of the model, its values per year in model units. */
function resolveTargets({ p, m, years, index, problems }: Resolving): PlanSpec["targets"] {
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
  return targets;
}

/** One low-priority final-delivery target per sector with positive base-year final demand. */
function baselineTargets(
  { m, years, problems }: Resolving,
  baseline: NonNullable<PlanFile["baseline"]>,
): PlanSpec["targets"] {
  const f = totalFinalDemand(m);
  const targets: PlanSpec["targets"] = [];
  for (let i = 0; i < m.sectors.length; i++) {
    if (!(f[i] > 0)) continue;
    const v = perYear(baseline.finalDemand, years, m.baseYear, f[i], "baseline.finalDemand", problems);
    targets.push({
      id: `baseline:${m.sectors[i].code}`,
      label: `${m.sectors[i].name} (${m.sectors[i].code}) final deliveries, baseline`,
      sector: i,
      on: "final",
      kind: "min",
      values: v,
      unit: m.unit,
      factor: 1,
      weight: baseline.weight,
      rank: baseline.rank,
    });
  }
  return targets;
}

/** The plan's limits: each on a satellite row, as per-unit coefficients and values per year. */
function resolveLimits({ p, m, years, problems }: Resolving): PlanSpec["limits"] {
  const n = m.sectors.length;
  const limits: PlanSpec["limits"] = [];
  p.limits.forEach((l, k) => {
    const path = `limits.${k}`;
    const sat = m.satellites.find((s) => s.code === l.satellite);
    if (!sat) {
      const has = m.satellites.map((s) => s.code).join(", ") || "none";
      problems.push({
        path: `${path}.satellite`,
        message: `"${l.satellite}" is not a satellite row of model ${m.name} (it has: ${has})`,
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
  return limits;
}

/** Import substitution: which limit (foreign exchange) imports count against, and at what share and cost. */
function resolveSubstitution(
  { m, problems }: Resolving,
  substitution: NonNullable<PlanFile["substitution"]>,
  limits: PlanSpec["limits"],
): PlanSpec["importSubstitution"] {
  const k = limits.findIndex((l) => l.id === substitution.limit);
  if (k < 0)
    problems.push({
      path: "substitution.limit",
      message:
        `"${substitution.limit}" is not a limit of the plan ` +
        `(limits: ${limits.map((l) => l.id).join(", ") || "none"})`,
    });
  if (!m.importCoefficients)
    problems.push({
      path: "substitution",
      message: `${m.name} has no import coefficients (import_coefficients.csv), which substitution needs`,
    });
  if (k >= 0 && m.importCoefficients)
    return { limit: k, imports: m.importCoefficients, share: substitution.share, cost: substitution.cost };
  return undefined;
}
