import { DimensionError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";
import type { PlanSpec } from "./planSpec.ts";

/**
 * A shock resolved to plan years (index t of `PlanSpec.years`). Dated events become per-year factors with
 * {@link yearShares}; the plan-file layer does that from dates and sources.
 */
export type Shock =
  /** Set a limit's values in the years given (NaN = leave the year as it is): an import cap, a quota. */
  | { kind: "limitSet"; label: string; limit: number; values: Float64Array }
  /** Scale a limit by a factor per year (a border closure: 0.1 while 90 % closed). */
  | { kind: "limitScale"; label: string; limit: number; factor: Float64Array }
  /**
   * Set one part of what pays for a funded limit in the years given (NaN = leave the year), in the limit's units:
   * exports restored in steps by a deal, or lost to a ban. Needs a limit with a ceiling that has the part.
   */
  | { kind: "ceilingPartSet"; label: string; limit: number; part: string; values: Float64Array }
  /** Set the import-substitution share and cost for the whole plan (a policy of self-reliance, say). */
  | { kind: "substitutionSet"; label: string; share: number; cost: number }
  /** Scale a sector's capacity by a factor per year (a flood's loss and its recovery). */
  | { kind: "capacityScale"; label: string; sector: number; factor: Float64Array }
  /** Multiply a technical coefficient a_ij by a factor per year (a new technology, a shortage of an input). */
  | { kind: "coefficientScale"; label: string; i: number; j: number; factor: Float64Array }
  /**
   * Ban imports of the products of the listed sectors, for the share of each year given (0–1): their use must
   * be met by domestic production (import coefficients move into A) and no longer counts against `limit`
   * (an imports limit measured per unit of output), if given.
   */
  | { kind: "importBan"; label: string; products: number[]; share: Float64Array; limit?: number };

/**
 * Applies shocks to a plan, in order (a later shock on the same limit and year overrides an earlier `limitSet`;
 * scales multiply). Returns a new plan; the input is not changed. A is the plan's technical coefficients
 * (for coefficient changes); import bans need the model's import coefficients.
 *
 * @throws DimensionError when a shock's per-year vector has the wrong length, or an import ban meets a model
 *   without import coefficients.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * // Miller & Blair's two sectors, one year: final deliveries of 600 and 1500 need 834.65 worker-years at 0.3 and 0.25
 * // a unit
 * const plan: PlanSpec = {
 *   name: "M&B, one year", years: [2025],
 *   targets: [
 *     { id: "f1", label: "sector 1 final deliveries", sector: 0, on: "final", kind: "min",
 *       values: Float64Array.of(600), unit: "$", factor: 1, weight: 1, rank: 1 },
 *     { id: "f2", label: "sector 2 final deliveries", sector: 1, on: "final", kind: "min",
 *       values: Float64Array.of(1500), unit: "$", factor: 1, weight: 1, rank: 1 },
 *   ],
 *   limits: [
 *     { id: "labour", label: "labour", unit: "worker-years", coefficients: Float64Array.of(0.3, 0.25),
 *       values: Float64Array.of(800), weight: 1 },
 *   ],
 *   capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 },
 * };
 * const solver = { solve: async (lp: Parameters<typeof solvePdlp>[0]) => solvePdlp(lp, { tolerance: 1e-9 }) };
 * // a border half closed: the labour limit (say, imported labour) at half
 * const closure: Shock = { kind: "limitScale", label: "half closed", limit: 0, factor: Float64Array.of(0.5) };
 * const shocked = applyShocks(plan, A, undefined, [closure], "closure");
 * console.log(Array.from(shocked.limits[0].values), shocked.scenario?.name); // [ 400 ] closure
 * ```
 */
export function applyShocks(
  plan: PlanSpec,
  A: Matrix,
  importCoefficients: Matrix | undefined,
  shocks: readonly Shock[],
  name: string,
): PlanSpec {
  const T = plan.years.length;
  const n = plan.capacity.initial.length;
  const p = copyShockedParts(plan);
  const applied = [...(plan.scenario?.applied ?? [])];
  for (const s of shocks) {
    applyShock(p, s, { A, importCoefficients, T, n });
    applied.push(s.label);
  }
  capFundedLimits(p.limits, T);
  return {
    ...plan,
    limits: p.limits,
    capacity: { ...plan.capacity, factor: p.capFactor },
    coefficientDeltas: p.coefficientDeltas,
    limitDeltas: p.limitDeltas,
    importBanShare: p.banShare,
    importSubstitution: p.importSubstitution,
    scenario: { name, applied },
  };
}

/** The parts of a plan that shocks change, copied so that the plan given stays as it is. */
function copyShockedParts(plan: PlanSpec) {
  const T = plan.years.length;
  const n = plan.capacity.initial.length;
  return {
    // a funded limit's shocks act on what it would be with money enough; values = min(that, ceiling) at the end
    limits: plan.limits.map((l) => ({
      ...l,
      values: Float64Array.from(l.ceiling ? l.ceiling.uncapped : l.values),
      ceiling: l.ceiling
        ? { ...l.ceiling, parts: l.ceiling.parts.map((q) => ({ ...q, values: Float64Array.from(q.values) })) }
        : undefined,
    })),
    capFactor: plan.capacity.factor ? Float64Array.from(plan.capacity.factor) : new Float64Array(T * n).fill(1),
    coefficientDeltas: [...(plan.coefficientDeltas ?? [])],
    limitDeltas: [...(plan.limitDeltas ?? [])],
    banShare: plan.importBanShare ? Float64Array.from(plan.importBanShare) : new Float64Array(T * n),
    importSubstitution: plan.importSubstitution,
  };
}

type ShockedParts = ReturnType<typeof copyShockedParts>;

/** What a shock is applied against: the technology, the import coefficients, the plan's years and sectors. */
interface ShockContext {
  A: Matrix;
  importCoefficients: Matrix | undefined;
  T: number;
  n: number;
}

/** Checks that a shock gives one value per plan year. */
function checkYears(v: Float64Array, label: string, T: number): void {
  if (v.length !== T)
    throw new DimensionError(`shock "${label}" has ${v.length} yearly values; the plan has ${T} years`);
}

/** Applies one shock to the copied parts. */
function applyShock(p: ShockedParts, s: Shock, { A, importCoefficients, T, n }: ShockContext): void {
  switch (s.kind) {
    case "limitSet":
      checkYears(s.values, s.label, T);
      for (let t = 0; t < T; t++) if (!Number.isNaN(s.values[t])) p.limits[s.limit].values[t] = s.values[t];
      break;
    case "limitScale":
      checkYears(s.factor, s.label, T);
      for (let t = 0; t < T; t++) p.limits[s.limit].values[t] *= s.factor[t];
      break;
    case "ceilingPartSet":
      setCeilingPart(p, s, T);
      break;
    case "substitutionSet":
      if (!p.importSubstitution)
        throw new DimensionError(
          `shock "${s.label}" sets import substitution, but the plan has none` +
            " (no limit or import coefficients to apply it to)",
        );
      p.importSubstitution = { ...p.importSubstitution, share: s.share, cost: s.cost };
      break;
    case "capacityScale":
      checkYears(s.factor, s.label, T);
      for (let t = 0; t < T; t++) p.capFactor[t * n + s.sector] *= s.factor[t];
      break;
    case "coefficientScale":
      scaleCoefficient(p, s, A, T);
      break;
    case "importBan":
      banImports(p, s, importCoefficients, T, n);
      break;
  }
}

/** Sets one part of what pays for a funded limit in the years given. */
function setCeilingPart(p: ShockedParts, s: Extract<Shock, { kind: "ceilingPartSet" }>, T: number): void {
  checkYears(s.values, s.label, T);
  const limit = p.limits[s.limit];
  const part = limit.ceiling?.parts.find((q) => q.id === s.part);
  if (!part)
    throw new DimensionError(
      `shock "${s.label}" sets "${s.part}" of what pays for limit "${limit.id}", which has no such part` +
        ` (no foreign-exchange account, or parts: ${limit.ceiling?.parts.map((q) => q.id).join(", ") ?? "none"})`,
    );
  for (let t = 0; t < T; t++) if (!Number.isNaN(s.values[t])) part.values[t] = s.values[t];
}

/** Multiplies a_ij by a factor per year, as year-specific coefficient changes. */
function scaleCoefficient(
  p: ShockedParts,
  s: Extract<Shock, { kind: "coefficientScale" }>,
  A: Matrix,
  T: number,
): void {
  checkYears(s.factor, s.label, T);
  let a = 0;
  forEachEntry(A, (i, j, v) => {
    if (i === s.i && j === s.j) a += v;
  });
  s.factor.forEach((f, t) => {
    if (f !== 1 && a !== 0) p.coefficientDeltas.push({ t, i: s.i, j: s.j, delta: a * (f - 1) });
  });
}

/** Bans imports of some products: their import coefficients move into A and out of the imports limit. */
function banImports(
  p: ShockedParts,
  s: Extract<Shock, { kind: "importBan" }>,
  importCoefficients: Matrix | undefined,
  T: number,
  n: number,
): void {
  checkYears(s.share, s.label, T);
  if (!importCoefficients)
    throw new DimensionError(
      `shock "${s.label}" bans imports, but the model has no import coefficients (import_coefficients.csv)`,
    );
  const banned = new Set(s.products);
  for (const i of s.products)
    for (let t = 0; t < T; t++) p.banShare[t * n + i] = Math.min(1, p.banShare[t * n + i] + s.share[t]);
  forEachEntry(importCoefficients, (i, j, a) => {
    if (!banned.has(i) || a === 0) return;
    for (let t = 0; t < T; t++) {
      if (s.share[t] === 0) continue;
      p.coefficientDeltas.push({ t, i, j, delta: a * s.share[t] });
      if (s.limit !== undefined) p.limitDeltas.push({ k: s.limit, t, j, delta: -a * s.share[t] });
    }
  });
}

/** A funded limit ends at what shocks left of it, capped by what pays for it: min(uncapped, Σ parts) per year. */
function capFundedLimits(limits: ShockedParts["limits"], T: number): void {
  for (const l of limits) {
    if (!l.ceiling) continue;
    const c = l.ceiling;
    c.uncapped = l.values;
    c.values = Float64Array.from({ length: T }, (_, t) => c.parts.reduce((a, q) => a + q.values[t], 0));
    l.values = c.uncapped.map((v, t) => Math.min(v, c.values[t]));
  }
}

/**
 * The share of each plan year covered by a profile over days: `profile(day)` gives a value for each day
 * (days counted from 1 January of the first plan year, UTC) and the result is its average over each year.
 * Used to turn dated events (a border closed from 22 January 2020, reopening over six months) into yearly
 * factors.
 * @example
 * ```ts
 * // closed from 1 July 2020: open for 182 of 2020's 366 days, all of 2019
 * const shares = yearShares([2019, 2020], (day) => (day >= Date.UTC(2020, 6, 1) ? 0 : 1));
 * console.log(Array.from(shares, (v) => v.toFixed(4))); // [ '1.0000', '0.4973' ]
 * ```
 */
export function yearShares(years: readonly number[], profile: (dayMs: number) => number): Float64Array {
  const out = new Float64Array(years.length);
  years.forEach((y, t) => {
    const start = Date.UTC(y, 0, 1);
    const end = Date.UTC(y + 1, 0, 1);
    let sum = 0;
    let days = 0;
    for (let d = start; d < end; d += 86_400_000) {
      sum += profile(d + 43_200_000);
      days++;
    }
    out[t] = sum / days;
  });
  return out;
}
