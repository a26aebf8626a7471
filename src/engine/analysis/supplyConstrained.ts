import { DimensionError, InvalidValueError } from "../errors.ts";
import type { LeontiefMethod, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { DENSE_LU_LIMIT, createLeontiefSystem } from "../linalg/leontiefSystem.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry, matVec } from "../linalg/matrix.ts";
import { csrFromTriplets } from "../linalg/sparse.ts";
import type { RationingRule } from "./rationingRule.ts";
export type { RationingRule } from "./rationingRule.ts";
import { describeRationing, rationingClasses } from "./rationingRule.ts";
export { describeRationing, rationingClasses };

/** A resource every sector uses per unit of output (imports, foreign exchange, labour), with a limit. */
export interface ResourceBudget {
  id: string;
  label: string;
  /** Use per unit of each sector's output. */
  perUnit: ArrayLike<number>;
  /** Most that may be used (Infinity: no limit). */
  limit: number;
}

/** Capacities (per sector; Infinity where none) and resource budgets that bound output. */
export interface SupplyLimits {
  capacity?: ArrayLike<number>;
  budgets?: readonly ResourceBudget[];
}

/** A limit that stopped a class of final deliveries from being served in full. */
export interface BindingLimit {
  kind: "capacity" | "budget" | "fixed-output";
  /** Sector code (capacity, fixed output) or budget id. */
  id: string;
}

/** Output of the supply-constrained model and how it was rationed. */
export interface RationedOutput {
  /** Gross output per sector. */
  x: Float64Array;
  /** Final deliveries made: θ·desired for endogenous sectors, what is left of the fixed output for exogenous ones. */
  delivered: Float64Array;
  /** Per class (one class under `proportional`): the share of desired final deliveries served. */
  factors: number[];
  /** The limits that bind, per class (empty where a class is served in full). */
  binding: BindingLimit[][];
  /**
   * `unconstrained`: every class served in full; `rationed`: a limit cut deliveries; `infeasible`: the fixed outputs
   * alone break a limit (every factor is then 0, and `binding[0]` names the limits broken).
   */
  status: "unconstrained" | "rationed" | "infeasible";
  /** The rule in words, to be printed with every result that uses it. */
  rule: string;
}

/**
 * A mixed exogenous/endogenous input–output model (Miller & Blair 2009, §13.1): the outputs of the sectors
 * marked fixed are given (from observations), the others follow final demand through the Leontief inverse of
 * the endogenous block: x_E = (I − A_EE)⁻¹ (d_E + A_EX x_X). The fixed sectors' final deliveries are what is
 * left of their output after intermediate use: d_X = x_X − A_XE x_E − A_XX x_X.
 *
 * The model is linear in d, so {@link SupplyModel.respond} gives the response to any final deliveries and
 * {@link rationResponses} and {@link rationMixed} combine responses under budgets and capacities.
 */
export interface SupplyModel {
  readonly n: number;
  readonly A: Matrix;
  /** 1 where the sector's output is fixed (exogenous). */
  readonly fixed: Uint8Array;
  /** Output the fixed sectors' given outputs call forth: x_X as given, x_E = (I − A_EE)⁻¹ A_EX x_X. */
  readonly base: Float64Array;
  /** The output the fixed sectors call forth at other fixed values (same fixed sectors): `base` for `values`. */
  baseFor(values: ArrayLike<number>): Float64Array;
  /** Output response to final deliveries d of the endogenous sectors (entries of fixed sectors are ignored). */
  respond(d: ArrayLike<number>): Float64Array;
  /** Largest true relative residual of the Leontief solves so far (≤ 1e-10 unless a solve failed). */
  readonly worstResidual: number;
  /** False when any solve did not converge: results are then not to be trusted, and say so. */
  readonly converged: boolean;
}

/**
 * Builds a {@link SupplyModel}. `fixedOutput[i]` is sector i's given output, or NaN for an endogenous sector
 * (omit it for the plain demand-driven model). One Leontief system for the endogenous block, reused by every
 * response (`method` as in createLeontiefSystem: "lu" factorises once for many responses; see
 * {@link methodForSolves}). Pure; O(nnz(A)) to set up, one Leontief solve per response.
 *
 * @throws DimensionError when A is not square or fixedOutput has the wrong length.
 * @throws InvalidValueError when a fixed output is negative or infinite.
 * @example
 * ```ts
 * // sector 2's output fixed at 1841.58 (Miller & Blair 2009, §13.1): with no other final demand sector 1 makes
 * // (1 − 0.15)⁻¹ · 0.25 · 1841.58 for it
 * const m = createSupplyModel(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), [NaN, 1841.58]);
 * console.log(Array.from(m.base, (v) => v.toFixed(2))); // [ '541.64', '1841.58' ]
 * ```
 */
export function createSupplyModel(
  A: Matrix,
  fixedOutput?: ArrayLike<number>,
  labels?: readonly string[],
  options: { method?: LeontiefMethod } = {},
): SupplyModel {
  const n = A.rows;
  if (A.cols !== n) throw new DimensionError(`coefficient matrix is ${A.rows} × ${A.cols}; it must be square`);
  if (fixedOutput && fixedOutput.length !== n)
    throw new DimensionError(`fixed outputs have ${fixedOutput.length} entries; the model has ${n} sectors`);
  const fixed = new Uint8Array(n);
  const given = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = fixedOutput?.[i] ?? NaN;
    if (Number.isNaN(v)) continue;
    if (!(v >= 0) || !Number.isFinite(v))
      throw new InvalidValueError(
        `fixed output of ${labels?.[i] ?? `sector ${i}`}`,
        v,
        "a finite output ≥ 0, or NaN for an endogenous sector",
      );
    fixed[i] = 1;
    given[i] = v;
  }
  const endo: number[] = [];
  const local = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (!fixed[i]) local[i] = endo.push(i) - 1;
  let system: LeontiefSystem | undefined;
  if (endo.length === n) system = createLeontiefSystem(A, { labels, method: options.method });
  else if (endo.length > 0) {
    const rows: number[] = [];
    const cols: number[] = [];
    const vals: number[] = [];
    forEachEntry(A, (i, j, v) => {
      if (local[i] < 0 || local[j] < 0) return;
      rows.push(local[i]);
      cols.push(local[j]);
      vals.push(v);
    });
    // entries of an A already checked where it entered (a model may declare negative coefficients)
    system = createLeontiefSystem(
      csrFromTriplets(endo.length, endo.length, { rows, cols, values: vals }, { allowNegative: true }),
      { labels: labels && endo.map((i) => labels[i]), method: options.method },
    );
  }
  let worst = 0;
  let converged = true;
  const solveEndo = (rhs: Float64Array, out: Float64Array) => {
    if (!system) return;
    let zero = true;
    for (let k = 0; k < rhs.length; k++) if (rhs[k] !== 0) zero = false;
    if (zero) return;
    const s = system.solve(rhs);
    worst = Math.max(worst, s.residual);
    if (!s.converged) converged = false;
    for (let k = 0; k < endo.length; k++) out[endo[k]] = s.x[k];
  };
  const baseFor = (values: ArrayLike<number>) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = fixed[i] ? values[i] : 0;
    if (endo.length < n) {
      const pull = matVec(A, out);
      solveEndo(
        Float64Array.from(endo, (i) => pull[i]),
        out,
      );
    }
    return out;
  };
  const base = baseFor(given);
  return {
    n,
    A,
    baseFor,
    fixed,
    base,
    respond(d) {
      if (d.length !== n)
        throw new DimensionError(`final deliveries have ${d.length} entries; the model has ${n} sectors`);
      const out = new Float64Array(n);
      solveEndo(
        Float64Array.from(endo, (i) => d[i]),
        out,
      );
      return out;
    },
    get worstResidual() {
      return worst;
    },
    get converged() {
      return converged;
    },
  };
}

/**
 * The Leontief method for `solves` responses of one system: LU where factorising (n³/3 flops) costs no more than
 * the Krylov solves it replaces (about 40·nnz flops each) and n ≤ DENSE_LU_LIMIT, else the automatic choice.
 * @example
 * ```ts
 * console.log(methodForSolves(denseMatrix([[0.15, 0.25], [0.2, 0.05]]), 3)); // lu
 * ```
 */
export function methodForSolves(A: Matrix, solves: number): LeontiefMethod {
  const n = A.rows;
  const nz = Math.max(n, A.kind === "dense" ? n * n : A.values.length);
  return n <= DENSE_LU_LIMIT && (n * n * n) / 3 <= solves * 40 * nz ? "lu" : "auto";
}

/** A linear limit g·x ≤ c, evaluated on vectors through `value`. */
interface Limit {
  binding: BindingLimit;
  c: number;
  value(v: Float64Array, Av: Float64Array): number;
}

function limitsOf(
  model: SupplyModel,
  base: Float64Array,
  limits: { budgets?: readonly ResourceBudget[] },
  labels?: readonly string[],
): Limit[] {
  const { n, fixed } = model;
  const out: Limit[] = [];
  const name = (i: number) => labels?.[i] ?? String(i);
  for (const b of limits.budgets ?? []) {
    if (b.perUnit.length !== n)
      throw new DimensionError(`budget "${b.id}" has ${b.perUnit.length} per-unit entries; the model has ${n} sectors`);
    if (Number.isNaN(b.limit))
      throw new InvalidValueError(`limit of budget "${b.id}"`, b.limit, "a number (Infinity: no limit)");
    if (b.limit === Infinity) continue;
    out.push({
      binding: { kind: "budget", id: b.id },
      c: b.limit,
      value: (v) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += b.perUnit[j] * v[j];
        return s;
      },
    });
  }
  // a fixed sector cannot deliver less than nothing: intermediate use (A·x)_i ≤ its given output
  for (let i = 0; i < n; i++)
    if (fixed[i]) out.push({ binding: { kind: "fixed-output", id: name(i) }, c: base[i], value: (_v, Av) => Av[i] });
  return out;
}

/**
 * Output of a {@link SupplyModel} when final deliveries come in classes `demand[k]` (desired final deliveries per
 * sector; class 0 served first), from their responses (`responses[k] = model.respond(demand[k])`), within the
 * budgets: x = base + Σ_k θ_k·responses[k], with the factors θ_k ∈ [0, 1] chosen lexicographically (θ_0 as large as
 * the limits allow with later classes at zero, then θ_1, …). A fixed sector cannot deliver less than nothing, which
 * is a limit too. Every limit is linear in θ, so each factor is an exact minimum ratio; no iteration. With one class
 * this is proportional rationing. Capacities are {@link rationMixed}'s. Pure; O(classes · n · limits).
 *
 * @throws DimensionError when a vector does not have one entry per sector.
 * @example
 * ```ts
 * // one budget: 0.3 and 0.25 worker-years a unit of output, 800 available; [600, 1500] needs 834.65, so every
 * // final delivery is cut by the factor 800 / 834.65
 * const model = createSupplyModel(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const d = Float64Array.of(600, 1500);
 * const r = rationResponses(model, [model.respond(d)], [d], { budgets: [{ id: "labour", label: "labour", perUnit: [0.3, 0.25], limit: 800 }] }, "proportional");
 * console.log(r.status, r.factors.map((f) => f.toFixed(4)), r.binding[0]); // rationed [ '0.9585' ] [ { kind: 'budget', id: 'labour' } ]
 * ```
 */
export function rationResponses(
  model: SupplyModel,
  responses: readonly Float64Array[],
  demand: readonly ArrayLike<number>[],
  limits: { budgets?: readonly ResourceBudget[] },
  rule: string,
  labels?: readonly string[],
  baseOverride?: Float64Array,
): RationedOutput {
  const { n, A, fixed } = model;
  const base = baseOverride ?? model.base;
  const lim = limitsOf(model, base, limits, labels);
  // A·v is needed only for the fixed sectors' residual deliveries
  const anyFixed = fixed.some((f) => f === 1);
  const none = new Float64Array(0);
  const times = (v: Float64Array) => (anyFixed ? matVec(A, v) : none);
  const Abase = times(base);
  const now = lim.map((l) => l.value(base, Abase));
  const factors: number[] = [];
  const binding: BindingLimit[][] = [];
  let status: RationedOutput["status"] = "unconstrained";
  const slack = (k: number) => 1e-12 * Math.max(1, Math.abs(lim[k].c), Math.abs(now[k]));
  const broken = lim.filter((l, k) => now[k] > l.c + slack(k)).map((l) => l.binding);
  if (broken.length) {
    status = "infeasible";
    binding.push(broken);
  }
  for (const r of responses) {
    if (status === "infeasible") {
      factors.push(0);
      if (binding.length < responses.length) binding.push([]);
      continue;
    }
    const Ar = times(r);
    const g = lim.map((l) => l.value(r, Ar));
    let theta = 1;
    let at: number[] = [];
    for (let k = 0; k < lim.length; k++) {
      if (!(g[k] > 0)) continue;
      const room = Math.max(0, lim[k].c - now[k]);
      const t = room / g[k];
      if (t < theta - 1e-15) {
        theta = t;
        at = [k];
      } else if (t <= theta + 1e-15 && t < 1) at.push(k);
    }
    // a limit met with equality at θ = 1 (a planned world at its own budget) is not rationing: rounding aside
    if (theta > 1 - 1e-12) theta = 1;
    theta = Math.max(0, Math.min(1, theta));
    factors.push(theta);
    binding.push(theta < 1 ? at.map((k) => lim[k].binding) : []);
    if (theta < 1) status = "rationed";
    for (let k = 0; k < lim.length; k++) now[k] += theta * g[k];
  }
  const x = Float64Array.from(base);
  responses.forEach((r, k) => {
    for (let i = 0; i < n; i++) x[i] += factors[k] * r[i];
  });
  const delivered = new Float64Array(n);
  const Ax = times(x);
  for (let i = 0; i < n; i++) {
    if (fixed[i]) delivered[i] = x[i] - Ax[i];
    else for (let k = 0; k < demand.length; k++) delivered[i] += factors[k] * demand[k][i];
  }
  return { x, delivered, factors, binding, status, rule };
}

/** A supply model for a set of fixed sectors, with the responses of the demand classes under it (callers cache these). */
export type SystemFor = (fixed: Uint8Array) => { model: SupplyModel; responses: Float64Array[] };

/**
 * Rationing with capacities the way the mixed model treats a supply-constrained sector (Miller & Blair 2009, §13.1):
 * a sector whose output would pass its capacity is fixed at it (made exogenous), so its own final deliveries absorb
 * the cut (what is left of its output after intermediate use); the other sectors are solved as before. Budgets
 * ration final deliveries by the rule (`rationResponses`), and a capped sector that cannot even cover the
 * intermediate use of the others rations them through its residual deliveries. Sectors are fixed one round at a time
 * until none passes its capacity (at most n rounds). `givenFixed`: outputs fixed from observations (NaN: none).
 * @example
 * ```ts
 * // what solveSupplyConstrained does, by hand: systems per set of fixed sectors, capacities by the mixed model
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const demand = [Float64Array.of(600, 1500)];
 * const systemFor = (fixed: Uint8Array) => {
 *   const model = createSupplyModel(A, Array.from(fixed, (f) => (f ? 0 : NaN)));
 *   return { model, responses: demand.map((d) => model.respond(d)) };
 * };
 * const r = rationMixed(systemFor, [NaN, NaN], demand, { capacity: [Infinity, 1500] }, "proportional");
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2))); // rationed [ '1147.06', '1500.00' ]
 * ```
 */
export function rationMixed(
  systemFor: SystemFor,
  givenFixed: ArrayLike<number>,
  demand: readonly ArrayLike<number>[],
  limits: SupplyLimits,
  rule: string,
  labels?: readonly string[],
): RationedOutput {
  const n = givenFixed.length;
  if (limits.capacity) {
    if (limits.capacity.length !== n)
      throw new DimensionError(`capacities have ${limits.capacity.length} entries; the model has ${n} sectors`);
    for (let i = 0; i < n; i++) {
      const c = limits.capacity[i];
      if (Number.isNaN(c) || c < 0)
        throw new InvalidValueError(`capacity of ${labels?.[i] ?? String(i)}`, c, "a capacity ≥ 0 (Infinity: none)");
    }
  }
  const values = Float64Array.from(givenFixed);
  const capped: number[] = [];
  for (let round = 0; round <= n; round++) {
    const mask = Uint8Array.from(values, (v) => (Number.isNaN(v) ? 0 : 1));
    const { model, responses } = systemFor(mask);
    const r = rationResponses(
      model,
      responses,
      demand,
      { budgets: limits.budgets },
      rule,
      labels,
      model.baseFor(Float64Array.from(values, (v) => (Number.isNaN(v) ? 0 : v))),
    );
    const over: number[] = [];
    if (limits.capacity)
      for (let i = 0; i < n; i++) if (!mask[i] && r.x[i] > limits.capacity[i] * (1 + 1e-12) + 1e-300) over.push(i);
    if (!over.length) {
      if (capped.length) {
        const caps = capped.map((i) => ({ kind: "capacity" as const, id: labels?.[i] ?? String(i) }));
        r.binding = r.binding.length ? r.binding.map((b, k) => (k === 0 ? [...caps, ...b] : b)) : [caps];
        if (r.status === "unconstrained") r.status = "rationed";
      }
      return r;
    }
    for (const i of over) {
      values[i] = limits.capacity![i];
      capped.push(i);
    }
  }
  throw new Error("rationMixed: capacities did not settle in n rounds"); // each round fixes at least one sector
}

/** Input of {@link solveSupplyConstrained}. */
export interface SupplyConstrainedInput extends SupplyLimits {
  A: Matrix;
  /** Desired final deliveries per sector (those of fixed sectors are ignored: theirs is a residual). */
  finalDemand: ArrayLike<number>;
  /** Given output per sector, NaN for endogenous sectors. */
  fixedOutput?: ArrayLike<number>;
  rationing?: RationingRule;
  labels?: readonly string[];
}

/**
 * The supply-constrained input–output model in one call: fixed outputs as given, the other sectors following
 * final demand, final deliveries rationed by the stated rule when a capacity or budget binds. For many
 * related runs (counterfactuals) build one {@link createSupplyModel} and call {@link rationResponses}.
 * @example
 * ```ts
 * // final demand [600, 1500] needs x ≈ [1247.5, 1841.6]; sector 2 can make only 1500: it is held there, sector 1
 * // makes (600 + 0.25·1500) / 0.85, and sector 2's own final deliveries take the cut (1500 − 0.2·1147.06 − 0.05·1500)
 * const r = solveSupplyConstrained({ A: denseMatrix([[0.15, 0.25], [0.2, 0.05]]), finalDemand: [600, 1500], capacity: [Infinity, 1500] });
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2)), Array.from(r.delivered, (v) => v.toFixed(2))); // rationed [ '1147.06', '1500.00' ] [ '600.00', '1195.59' ]
 * ```
 */
export function solveSupplyConstrained(
  inp: SupplyConstrainedInput,
): RationedOutput & { worstResidual: number; converged: boolean } {
  const rule = inp.rationing ?? { rule: "proportional" };
  const classes = rationingClasses(inp.finalDemand, rule);
  const n = inp.A.rows;
  const models: SupplyModel[] = [];
  const systems = new Map<string, { model: SupplyModel; responses: Float64Array[] }>();
  const systemFor: SystemFor = (mask) => {
    const key = mask.join("");
    let s = systems.get(key);
    if (!s) {
      const model = createSupplyModel(
        inp.A,
        Array.from(mask, (f) => (f ? 0 : NaN)),
        inp.labels,
      );
      models.push(model);
      systems.set(key, (s = { model, responses: classes.map((d) => model.respond(d)) }));
    }
    return s;
  };
  const r = rationMixed(
    systemFor,
    inp.fixedOutput ?? new Float64Array(n).fill(NaN),
    classes,
    { capacity: inp.capacity, budgets: inp.budgets },
    describeRationing(rule),
    inp.labels,
  );
  return {
    ...r,
    worstResidual: Math.max(...models.map((m) => m.worstResidual)),
    converged: models.every((m) => m.converged),
  };
}
