import { DimensionError, InvalidValueError } from "../errors.ts";
import type { LeontiefMethod, LeontiefSystem } from "../linalg/leontiefSystem.ts";
import { DENSE_LU_LIMIT, createLeontiefSystem } from "../linalg/leontiefSystem.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry, matVec } from "../linalg/matrix.ts";
import { csrFromTriplets } from "../linalg/sparse.ts";
import type { RationingRule } from "./rationingRule.ts";
import { describeRationing, rationingClasses } from "./rationingRule.ts";
import { rationMixed } from "./rationing.ts";
import type { SystemFor } from "./rationing.ts";
export type { RationingRule } from "./rationingRule.ts";
export { rationMixed, rationResponses } from "./rationing.ts";
export type { SystemFor } from "./rationing.ts";
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
  const { fixed, given } = fixedOutputs(A, fixedOutput, labels);
  const { endo, system } = endogenousSystem(A, fixed, labels, options.method);
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

/** Which sectors are fixed and their given outputs, checked: A square, one entry per sector, each finite and ≥ 0. */
function fixedOutputs(
  A: Matrix,
  fixedOutput: ArrayLike<number> | undefined,
  labels: readonly string[] | undefined,
): { fixed: Uint8Array; given: Float64Array } {
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
  return { fixed, given };
}

/**
 * The endogenous sectors (in order) and the Leontief system of their block A_EE (A itself when none is fixed;
 * undefined when all are).
 */
function endogenousSystem(
  A: Matrix,
  fixed: Uint8Array,
  labels: readonly string[] | undefined,
  method: LeontiefMethod | undefined,
): { endo: number[]; system: LeontiefSystem | undefined } {
  const n = A.rows;
  const endo: number[] = [];
  const local = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (!fixed[i]) local[i] = endo.push(i) - 1;
  if (endo.length === n) return { endo, system: createLeontiefSystem(A, { labels, method }) };
  if (endo.length === 0) return { endo, system: undefined };
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
  const system = createLeontiefSystem(
    csrFromTriplets(endo.length, endo.length, { rows, cols, values: vals }, { allowNegative: true }),
    { labels: labels && endo.map((i) => labels[i]), method },
  );
  return { endo, system };
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
 * // makes (600 + 0.25·1500) / 0.85, and sector 2's own final deliveries take the cut (1500 − 0.2·1147.06 −
 * // 0.05·1500)
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const r = solveSupplyConstrained({ A, finalDemand: [600, 1500], capacity: [Infinity, 1500] });
 * const [x, delivered] = [Array.from(r.x, (v) => v.toFixed(2)), Array.from(r.delivered, (v) => v.toFixed(2))];
 * console.log(r.status, x, delivered); // rationed [ '1147.06', '1500.00' ] [ '600.00', '1195.59' ]
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
