import { DimensionError, InvalidValueError } from "../errors.ts";
import type { LeontiefSystem } from "../linalg/leontiefSystem.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { matTVec } from "../linalg/matrix.ts";

/** A demand and the limits a one-year quick check holds it against. */
export interface QuickCheckInput {
  /** Final demand per sector (model units). */
  finalDemand: ArrayLike<number>;
  /** Capacity per sector (NaN or Infinity: none). */
  capacity: ArrayLike<number>;
  /** Resource rows (imports, labour…): use per unit of output and the amount available. */
  resources?: readonly { id: string; label: string; perUnit: ArrayLike<number>; available: number }[];
}

/** One constraint's use in a quick check. */
export interface QuickConstraint {
  kind: "capacity" | "resource";
  id: string;
  label: string;
  required: number;
  available: number;
  /** required ÷ available. */
  use: number;
}

/** A quick check's result: the output the demand requires, and how far the demand can be met. */
export interface QuickCheckResult {
  output: Float64Array;
  feasible: boolean;
  /**
   * The largest s ≤ 1 such that s × the final demand fits every capacity and resource (static Leontief:
   * output and resource use scale with s), and the constraint that sets it.
   */
  attainable: number;
  binding: QuickConstraint | null;
  /** Constraints used above 100 %, most over first (and the most used ones when none is). */
  constraints: QuickConstraint[];
  residual: number;
}

/**
 * A one-year feasibility check on the Leontief model, fast enough to rerun at every slider move: x = (I − A)⁻¹ f
 * through an already factored system (one triangular solve pair), each sector's output against its capacity,
 * each resource's use (perUnit · x) against what is available. Since x is linear in f, the largest attainable
 * share of the demand is min over constraints of available ÷ required (capped at 1). The LP plan check
 * (`checkPlan`) answers the multi-year, priority-weighted question; this is its instant static counterpart.
 *
 * @throws DimensionError when a vector does not match the model's size; InvalidValueError for negative demand.
 * @example
 * ```ts
 * // final demand [600, 1500] needs [1247.52, 1841.58]; sector 2 can make 1800, so 1800/1841.58 of the demand is
 * // attainable
 * const sys = createLeontiefSystem(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const r = quickCheck(sys, { finalDemand: [600, 1500], capacity: [1300, 1800] }, ["S1", "S2"]);
 * console.log(r.feasible, r.attainable.toFixed(4), r.binding?.kind, r.binding?.id); // false 0.9774 capacity S2
 * ```
 */
export function quickCheck(sys: LeontiefSystem, input: QuickCheckInput, labels?: readonly string[]): QuickCheckResult {
  const n = sys.n;
  if (input.finalDemand.length !== n)
    throw new DimensionError(`final demand has ${input.finalDemand.length} entries; the model has ${n} sectors`);
  if (input.capacity.length !== n)
    throw new DimensionError(`capacity has ${input.capacity.length} entries; the model has ${n} sectors`);
  for (let i = 0; i < n; i++)
    if (input.finalDemand[i] < 0)
      throw new InvalidValueError(
        `final demand of ${labels?.[i] ?? `sector ${i}`}`,
        input.finalDemand[i],
        "a non-negative demand",
      );
  const sol = sys.solve(Float64Array.from(input.finalDemand));
  const x = sol.x;
  const cons: QuickConstraint[] = [];
  for (let i = 0; i < n; i++) {
    const c = input.capacity[i];
    if (!Number.isFinite(c)) continue;
    const label = labels?.[i] ?? `sector ${i}`;
    cons.push({
      kind: "capacity",
      id: label,
      label: `capacity of ${label}`,
      required: x[i],
      available: c,
      use: c > 0 ? x[i] / c : x[i] > 0 ? Infinity : 0,
    });
  }
  for (const r of input.resources ?? []) {
    if (r.perUnit.length !== n)
      throw new DimensionError(`resource "${r.id}" has ${r.perUnit.length} coefficients; the model has ${n} sectors`);
    let use = 0;
    for (let i = 0; i < n; i++) use += r.perUnit[i] * x[i];
    cons.push({
      kind: "resource",
      id: r.id,
      label: r.label,
      required: use,
      available: r.available,
      use: r.available > 0 ? use / r.available : use > 0 ? Infinity : 0,
    });
  }
  cons.sort((a, b) => b.use - a.use);
  const top = cons[0];
  const attainable = top && top.use > 1 ? 1 / top.use : 1;
  const over = cons.filter((c) => c.use > 1 + 1e-12);
  return {
    output: x,
    feasible: over.length === 0,
    attainable,
    binding: top && top.use > 1 ? top : null,
    constraints: over.length ? over : cons.slice(0, 5),
    residual: sol.residual,
  };
}

/** Resource use per unit of output from a row of absolute values (satellite / output), 0 where output is 0.
 * @example
 * ```ts
 * console.log(Array.from(perUnitOfOutput([300, 500, 7], [1000, 2000, 0]))); // [ 0.3, 0.25, 0 ]
 * ```
 */
export function perUnitOfOutput(values: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x, (xi, i) => (xi > 0 ? values[i] / xi : 0));
}

/** Imported inputs per unit of output: column sums of the import-coefficient matrix.
 * @example
 * ```ts
 * console.log(Array.from(importShares(denseMatrix([[0, 0.1], [0.05, 0]])))); // [ 0.05, 0.1 ]
 * ```
 */
export function importShares(importCoefficients: Matrix): Float64Array {
  return matTVec(importCoefficients, new Float64Array(importCoefficients.rows).fill(1));
}

/** A model's base year as the quick check needs it, and the changes a user makes to it. */
export interface QuickScenario {
  codes: readonly string[];
  x: ArrayLike<number>;
  finalDemand: ArrayLike<number>;
  /** The model's capacities, or null to use `capacity` × base output. */
  capacities: ArrayLike<number> | null;
  /** Imported inputs per unit of output, or null when the model has none. */
  importsPerUnit: ArrayLike<number> | null;
}
/** The user's changes to a quick scenario: demand factors by sector, capacity headroom and losses, an import cap. */
export interface QuickControls {
  /** Sector code → factor on its final demand. */
  demand: Readonly<Record<string, number>>;
  /** Capacity as a multiple of base-year output (where the model has no capacities). */
  capacity: number;
  /** Sector code → share of capacity lost. */
  capacityLoss: Readonly<Record<string, number>>;
  /** Imported inputs available as a share of base-year imported inputs; null or undefined: no cap. */
  importCap?: number | null;
}

/** The quick check's input for a model and the user's changes (shared by the server and the browser's worker).
 * @example
 * ```ts
 * const input = quickScenario(
 *   { codes: ["S1", "S2"], x: [1000, 2000], finalDemand: [350, 1700], capacities: null, importsPerUnit: [0.05, 0.1] },
 *   { demand: { S1: 2 }, capacity: 1.1, capacityLoss: { S2: 0.5 }, importCap: 0.9 },
 * );
 * const [demand, capacity] = [Array.from(input.finalDemand), Array.from(input.capacity)];
 * console.log(demand, capacity, input.resources?.[0].available); // [ 700, 1700 ] [ 1100, 1100 ] 225
 * ```
 */
export function quickScenario(m: QuickScenario, c: QuickControls): QuickCheckInput {
  const { codes, x } = m;
  const finalDemand = Float64Array.from(m.finalDemand, (v, i) => Math.max(0, v) * (c.demand[codes[i]] ?? 1));
  const capacity = Float64Array.from(
    x,
    (xi, i) => (m.capacities ? m.capacities[i] : xi * c.capacity) * (1 - (c.capacityLoss[codes[i]] ?? 0)),
  );
  const imp = m.importsPerUnit;
  let base = 0;
  if (imp) for (let i = 0; i < x.length; i++) base += imp[i] * x[i];
  const resources =
    imp && c.importCap !== null && c.importCap !== undefined
      ? [{ id: "imports", label: "imported inputs", perUnit: imp, available: c.importCap * base }]
      : [];
  return { finalDemand, capacity, resources };
}
