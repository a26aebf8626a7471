import { denseMatrix } from "../linalg/dense.ts";
import type { DenseMatrix } from "../linalg/dense.ts";
import type { BlockLeontiefOptions } from "./blockLeontief.ts";
import { createBlockLeontief } from "./blockLeontief.ts";
import { demandByRegion } from "./mrioAccounts.ts";
import type { MrioSolveReport } from "./mrioAccounts.ts";
import { assertMrioShape } from "./mrioFromFlows.ts";
import type { MrioModel } from "./mrioModel.ts";
import { luSolveRowsTransposed, regionBlocks } from "./regionBlocks.ts";

/** Per region: the averages of its sectors' multipliers (fio's country summary) and its interdependence. */
export interface RegionSummary {
  region: string;
  /** Mean over the region's sectors of the total output multiplier. */
  total: number;
  intraregional: number;
  /** Mean own-region effect of a region-only model, (I − A^rr)⁻¹'s column sums. */
  ownRegionOnly: number;
  feedback: number;
  spillover: number;
  /** Share of the region's output (x = L·y) due to other regions' final demand: Σ_{s≠r} (L·y^s)_r / (L·y)_r. */
  interdependence: number;
}

/** Interregional output multipliers of an MRIO, per (region, sector) of the final demand that starts them. */
export interface InterregionalMultipliers {
  regions: string[];
  sectors: string[];
  /** Column sums of L: output everywhere per unit of final demand for (r, j). */
  total: Float64Array;
  /** Σ_{i} L^rr(i, j): output in the region itself (own-region effect plus interregional feedback). */
  intraregional: Float64Array;
  /** Column sums of (I − A^rr)⁻¹: what a model of region r alone would say. */
  ownRegionOnly: Float64Array;
  /** intraregional − ownRegionOnly: output that returns to r through other regions' purchases (M&B §3.3.2). */
  feedback: Float64Array;
  /** total − intraregional: output induced in other regions. */
  spillover: Float64Array;
  /** (R·S) × R: output in region s (column) per unit of final demand for (r, j) (row r·S + j), block sums of L. */
  toRegion: DenseMatrix;
  summaries: RegionSummary[];
  solve: MrioSolveReport;
}

/**
 * Interregional analysis of an MRIO as Miller & Blair define it for the interregional model (*Input–Output
 * Analysis*, 2nd ed., 2009, §3.3–3.4) and fio's `miom` computes it: for final demand for (r, j), the total output
 * multiplier splits into the intraregional effect Σ_i L^rr(i, j) and the spillover into other regions
 * Σ_{s≠r} Σ_i L^sr(i, j); the intraregional effect splits again into what region r alone would give,
 * (I − A^rr)⁻¹, and the interregional feedback, L^rr − (I − A^rr)⁻¹ summed by column (M&B §3.3.2). Per
 * region: the sector means (fio's country summary) and the interdependence, the share of the region's output that other
 * regions' final demand drives.
 *
 * Cost: R solves with (I − A)ᵀ (region indicators, giving the block sums of L), R with I − A (each region's final
 * demand), one LU of each S × S block; no inverse of I − A (see {@link createBlockLeontief}).
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "two regions", regions: ["N", "S"], sectors: [{ code: "goods", name: "Goods" }],
 *   Z: denseMatrix([[20, 10], [5, 30]]), Y: denseMatrix([[60, 10], [15, 50]]), finalDemandCategories: ["households"],
 * });
 * const im = interregionalMultipliers(m);
 * const show = (v: Float64Array) => Array.from(v, (d) => Number(d.toFixed(4)));
 * console.log(show(im.intraregional), show(im.ownRegionOnly)); // [ 1.2613, 1.4414 ] [ 1.25, 1.4286 ]
 * console.log(show(im.feedback), show(im.spillover)); // [ 0.0113, 0.0129 ] [ 0.0901, 0.1802 ]
 * ```
 */
export function interregionalMultipliers(m: MrioModel, options: BlockLeontiefOptions = {}): InterregionalMultipliers {
  assertMrioShape(m);
  const R = m.regions.length;
  const S = m.sectors.length;
  const n = R * S;
  const system = createBlockLeontief(m.A, S, options);
  const indicators = new Float64Array(n * R);
  for (let i = 0; i < n; i++) indicators[i * R + Math.floor(i / S)] = 1;
  const up = system.solveTransposed(indicators, R);
  const down = system.solve(demandByRegion(m), R);
  const toRegion = denseMatrix(n, R, up.X);
  const total = new Float64Array(n);
  const intraregional = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let s = 0; s < R; s++) total[j] += up.X[j * R + s];
    intraregional[j] = up.X[j * R + Math.floor(j / S)];
  }
  const ownRegionOnly = ownRegionMultipliers(m, S);
  const feedback = intraregional.map((v, j) => v - ownRegionOnly[j]);
  const spillover = total.map((v, j) => v - intraregional[j]);
  const summaries = m.regions.map((region, r) => {
    const mean = (v: Float64Array): number => v.subarray(r * S, (r + 1) * S).reduce((a, b) => a + b, 0) / S;
    let all = 0;
    let own = 0;
    for (let i = r * S; i < (r + 1) * S; i++) {
      for (let s = 0; s < R; s++) all += down.X[i * R + s];
      own += down.X[i * R + r];
    }
    return {
      region,
      total: mean(total),
      intraregional: mean(intraregional),
      ownRegionOnly: mean(ownRegionOnly),
      feedback: mean(feedback),
      spillover: mean(spillover),
      interdependence: all === 0 ? 0 : (all - own) / all,
    };
  });
  const worse = !up.converged || up.residual > down.residual ? up : down;
  return {
    regions: [...m.regions],
    sectors: m.sectors.map((s) => s.code),
    total,
    intraregional,
    ownRegionOnly,
    feedback,
    spillover,
    toRegion,
    summaries,
    solve: {
      method: worse.method,
      iterations: Math.max(up.iterations, down.iterations),
      residual: worse.residual,
      status: worse.status,
      converged: up.converged && down.converged,
    },
  };
}

/** Column sums of (I − A^rr)⁻¹ for every region r: (I − A^rr)ᵀ z = 1 with each block's own LU. */
function ownRegionMultipliers(m: MrioModel, S: number): Float64Array {
  const blocks = regionBlocks(m.A, S);
  const out = new Float64Array(m.x.length).fill(1);
  for (let r = 0; r < blocks.count; r++) luSolveRowsTransposed(blocks.lu[r], out, r * S, 1);
  return out;
}
