import type { BlockLeontiefOptions, BlockSolution } from "./blockLeontief.ts";
import { createBlockLeontief } from "./blockLeontief.ts";
import { assertMrioShape } from "./mrioFromFlows.ts";
import type { MrioModel, MrioStressor } from "./mrioModel.ts";

/**
 * One stressor's accounts, as pymrio's extension `calc_system` names them. Vectors of length R·S are per
 * (region, sector), regions outer; `_reg` vectors (here `…Reg`) are per region. Units: the stressor's unit
 * (S, M and M_down per unit of the model's money).
 */
export interface MrioStressorAccounts {
  code: string;
  name: string;
  unit: string;
  /** Direct coefficients S = F·x̂⁻¹ (0 where x = 0). */
  S: Float64Array;
  /** Multipliers M = S·L (upstream: the stressor emitted anywhere per unit of final demand for (r, i)). */
  M: Float64Array;
  /**
   * Downstream multipliers M_down = S·(G − I), G = x̂·Lᵀ·x̂⁻¹ the transposed Ghosh inverse (pymrio
   * `calc_M_down`).
   */
  MDown: Float64Array;
  /** Footprint of region s's final demand for product j (from every origin), at (s, j). */
  Dcba: Float64Array;
  /** Territorial: S ⊙ x with x = L·y recomputed from final demand, at the emitting (r, i). */
  Dpba: Float64Array;
  /** Embodied in region s's imports for final demand of product j: the part of D_cba emitted outside s. */
  Dimp: Float64Array;
  /** Emitted at (r, i) to satisfy other regions' final demand. */
  Dexp: Float64Array;
  /** Σ over sectors of D_cba, plus F_Y of the region (pymrio adds it). */
  DcbaReg: Float64Array;
  /** Σ over sectors of D_pba, plus F_Y of the region (pymrio adds it). */
  DpbaReg: Float64Array;
  DimpReg: Float64Array;
  DexpReg: Float64Array;
  /** F_Y summed over the region's final-demand categories. */
  FYReg: Float64Array;
  /** D_cba_reg − (D_pba_reg + D_imp_reg − D_exp_reg) per region: zero up to rounding and the solve's residual. */
  identityResidual: Float64Array;
}

/** How the solves behind the accounts went: the worse of the forward and transposed block solves. */
export interface MrioSolveReport {
  method: BlockSolution["method"];
  iterations: number;
  residual: number;
  status: BlockSolution["status"];
  converged: boolean;
}

/** The accounts of an MRIO: per stressor, and the output they rest on. */
export interface MrioAccounts {
  regions: string[];
  sectors: string[];
  /** x = L·y, y the total final demand (pymrio recomputes x so in `calc_accounts`). */
  xFromDemand: Float64Array;
  stressors: MrioStressorAccounts[];
  solve: MrioSolveReport;
}

/**
 * Environmentally extended MRIO accounts exactly as pymrio defines them (`calc_accounts`, the extension's
 * `calc_system`, `calc_M_down`; pymrio 0.5, Stadler 2021, *J. Open Research Software* 9(1):8): for each stressor
 * S = F/x, M = S·L, M_down = S·(G − I), D_cba, D_pba, D_imp, D_exp per (region, sector) and per region with F_Y
 * added to D_cba_reg and D_pba_reg, and the identity D_cba_reg = D_pba_reg + D_imp_reg − D_exp_reg checked
 * (its residual is returned, never forced to zero).
 *
 * pymrio forms L = (I − A)⁻¹ and x_diag = L·diag-blocks(Y), n × n. Here no inverse is formed: with Y summed over
 * categories per region (y^s) the same numbers come from R + K solves with I − A (x^s = L·y^s, and L·F for
 * M_down) and K·R with (I − A)ᵀ (M^(s) = S^(s)·L, S^(s) the coefficients of region s alone):
 * D_cba(s, j) = Σ_q M(q, j)·y^s(q, j), D_imp(s, j) = Σ_q (M − M^(s))(q, j)·y^s(q, j),
 * D_pba = S ⊙ Σ_s x^s, D_exp(r, i) = S(r, i)·(Σ_s x^s − x^r)(r, i). See {@link createBlockLeontief} for how the
 * solves run (exact to rounding up to 1,000 rows, iterated to `tolerance` above).
 *
 * @throws DimensionError, InvalidValueError when the model's parts do not fit (see {@link assertMrioShape}).
 * @throws SingularMatrixError when I − A (or a region's block) is singular.
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "two regions", regions: ["N", "S"], sectors: [{ code: "goods", name: "Goods" }],
 *   Z: denseMatrix([[20, 10], [5, 30]]), Y: denseMatrix([[60, 10], [15, 50]]), finalDemandCategories: ["households"],
 *   stressors: [{ code: "CO2", unit: "t", F: [50, 20], FY: [3, 1] }],
 * });
 * const co2 = mrioAccounts(m).stressors[0];
 * const show = (v: Float64Array) => Array.from(v, (d) => Number(d.toFixed(3)));
 * console.log(show(co2.DcbaReg), show(co2.DpbaReg)); // [ 47.595, 26.405 ] [ 53, 21 ]
 * console.log(show(co2.DimpReg), show(co2.DexpReg)); // [ 5.405, 10.811 ] [ 10.811, 5.405 ]
 * console.log(show(co2.identityResidual)); // [ 0, 0 ]
 * ```
 */
export function mrioAccounts(m: MrioModel, options: BlockLeontiefOptions = {}): MrioAccounts {
  assertMrioShape(m);
  const R = m.regions.length;
  const S = m.sectors.length;
  const n = R * S;
  const K = m.stressors.length;
  const labels = m.regions.flatMap((r) => m.sectors.map((s) => `${r}/${s.code}`));
  const system = createBlockLeontief(m.A, S, { labels, ...options });
  const yReg = demandByRegion(m);
  const coefficients = m.stressors.map((s) => s.F.map((f, i) => (m.x[i] === 0 ? 0 : f / m.x[i])));
  // forward: x^s for every region s, then L·F for every stressor
  const B = new Float64Array(n * (R + K));
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < R; s++) B[i * (R + K) + s] = yReg[i * R + s];
    for (let k = 0; k < K; k++) B[i * (R + K) + R + k] = m.stressors[k].F[i];
  }
  const forward = system.solve(B, R + K);
  // transposed: S^(s)·L for every stressor k and region s, column k·R + s
  const C = new Float64Array(n * K * R);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) C[i * K * R + k * R + Math.floor(i / S)] = coefficients[k][i];
  const transposed = K > 0 ? system.solveTransposed(C, K * R) : forward;
  const xOf = (i: number, s: number): number => forward.X[i * (R + K) + s];
  const xFromDemand = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let s = 0; s < R; s++) xFromDemand[i] += xOf(i, s);
  const stressors = m.stressors.map((st, k) => {
    const parts = (i: number, s: number): number => transposed.X[i * K * R + k * R + s];
    const LF = Float64Array.from({ length: n }, (_, i) => forward.X[i * (R + K) + R + k]);
    return stressorAccounts(m, st, coefficients[k], parts, LF, yReg, xOf, xFromDemand);
  });
  const worse = !transposed.converged || transposed.residual > forward.residual ? transposed : forward;
  return {
    regions: [...m.regions],
    sectors: m.sectors.map((s) => s.code),
    xFromDemand,
    stressors,
    solve: {
      method: worse.method,
      iterations: Math.max(forward.iterations, transposed.iterations),
      residual: worse.residual,
      status: worse.status,
      converged: forward.converged && transposed.converged,
    },
  };
}

/** Y summed over each destination region's categories: n × R row-major (pymrio's Y_agg). O(n·R·K).
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "two regions", regions: ["N", "S"], sectors: [{ code: "goods", name: "Goods" }],
 *   Z: denseMatrix(2, 2), Y: denseMatrix([[60, 5, 10, 1], [15, 2, 50, 3]]),
 *   finalDemandCategories: ["households", "government"],
 * });
 * console.log(Array.from(demandByRegion(m))); // [ 65, 11, 17, 53 ]
 * ```
 */
export function demandByRegion(m: MrioModel): Float64Array {
  const R = m.regions.length;
  const Kc = m.finalDemandCategories.length;
  const n = m.Y.rows;
  const out = new Float64Array(n * R);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < R; s++) for (let c = 0; c < Kc; c++) out[i * R + s] += m.Y.data[i * R * Kc + s * Kc + c];
  return out;
}

function stressorAccounts(
  m: MrioModel,
  st: MrioStressor,
  S: Float64Array,
  parts: (i: number, s: number) => number,
  LF: Float64Array,
  yReg: Float64Array,
  xOf: (i: number, s: number) => number,
  xFromDemand: Float64Array,
): MrioStressorAccounts {
  const R = m.regions.length;
  const nS = m.sectors.length;
  const n = R * nS;
  const Kc = m.finalDemandCategories.length;
  const M = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let s = 0; s < R; s++) M[i] += parts(i, s);
  const MDown = Float64Array.from({ length: n }, (_, j) => (m.x[j] === 0 ? 0 : LF[j] / m.x[j]) - S[j]);
  const Dcba = new Float64Array(n);
  const Dimp = new Float64Array(n);
  for (let s = 0; s < R; s++) {
    for (let j = 0; j < nS; j++) {
      let cba = 0;
      let imp = 0;
      for (let q = 0; q < R; q++) {
        const i = q * nS + j;
        const y = yReg[i * R + s];
        cba += M[i] * y;
        imp += (M[i] - parts(i, s)) * y;
      }
      Dcba[s * nS + j] = cba;
      Dimp[s * nS + j] = imp;
    }
  }
  const Dpba = S.map((v, i) => v * xFromDemand[i]);
  const Dexp = S.map((v, i) => v * (xFromDemand[i] - xOf(i, Math.floor(i / nS))));
  const FYReg = new Float64Array(R);
  for (let s = 0; s < R; s++) for (let c = 0; c < Kc; c++) FYReg[s] += st.FY[s * Kc + c];
  const byRegion = (v: Float64Array, add?: Float64Array): Float64Array => {
    const out = new Float64Array(R);
    for (let i = 0; i < n; i++) out[Math.floor(i / nS)] += v[i];
    if (add) for (let s = 0; s < R; s++) out[s] += add[s];
    return out;
  };
  const DcbaReg = byRegion(Dcba, FYReg);
  const DpbaReg = byRegion(Dpba, FYReg);
  const DimpReg = byRegion(Dimp);
  const DexpReg = byRegion(Dexp);
  const identityResidual = DcbaReg.map((c, s) => c - (DpbaReg[s] + DimpReg[s] - DexpReg[s]));
  return {
    code: st.code,
    name: st.name,
    unit: st.unit,
    S,
    M,
    MDown,
    Dcba,
    Dpba,
    Dimp,
    Dexp,
    DcbaReg,
    DpbaReg,
    DimpReg,
    DexpReg,
    FYReg,
    identityResidual,
  };
}
