import type { Matrix } from "../linalg/matrix.ts";
import type { LpBasis, LpSolution, LpSolver } from "./linearProgram.ts";
import { buildPlanProgram } from "./planProgram.ts";
import type { Bottleneck, Fulfilment } from "./planOptimise.ts";
import { fulfilmentAt } from "./planOptimise.ts";
import type { PlanSpec } from "./planSpec.ts";
import { formatNumber, formatQuantity } from "../format/numbers.ts";
import { unitHead } from "../format/text.ts";

/** What one target gains (or gives up) when a bottleneck is relaxed. */
export interface TargetGain {
  id: string;
  label: string;
  year: number;
  /** Change in what the target achieves, in its stated unit. */
  change: number;
  unit: string;
  /** change ÷ the resource added: the target's gain per unit of the resource. */
  perUnit: number;
  /** The target's priority rank (1 first). */
  rank: number;
}

/** A bottleneck relaxed by a share of its bound and the best plan solved again: who gains how much. */
export interface BottleneckEffect {
  bottleneck: Bottleneck;
  /** The resource added, in the bottleneck's unit (share × its bound). */
  added: number;
  status: LpSolution["status"];
  /** Targets whose achievement moved, largest change (relative to the target) first. */
  gains: TargetGain[];
  text: string;
}

/**
 * Shadow prices say what one more unit of a resource is worth in the objective (weighted harmony), a number no
 * planner reads. This re-solves the weighted best plan with each of `bottlenecks` raised by `share` of its bound
 * (default 1 %) and reports what each target then achieves beyond the best plan, in the targets' own units and per
 * unit of the resource ("1 % more capacity in Primary metals in 2023, 3,441 USD million, raises Primary metals output
 * in 2023 by 3,441 USD million"). It is a finite difference on the same program, so it also shows trade-offs (a
 * target that gives up output to another) that a dual price hides. Costs one solve per bottleneck; each starts
 * from the basis of the one before (the first from `options.basis`, the best plan's
 * {@link PlanOptimiseResult.warmStart}), which the objective and matrix being the same keeps optimal for the dual
 * simplex: a few hundred iterations, not thousands, on BEA detail × 5 years (bench/RESULTS.md).
 * @param base the best plan's fulfilment (from {@link optimisePlan} in weighted mode on the same plan)
 * @example
 * ```ts
 * // Miller & Blair's two sectors, labour short: f1 is met, f2 gets the rest; 1 % more labour (8 worker-years) all goes
 * // to f2
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const plan: PlanSpec = {
 *   name: "M&B, one year", years: [2025],
 *   targets: [
 *     { id: "f1", label: "f1", sector: 0, on: "final", kind: "min",
 *       values: Float64Array.of(600), unit: "$", factor: 1, weight: 1, rank: 1 },
 *     { id: "f2", label: "f2", sector: 1, on: "final", kind: "min",
 *       values: Float64Array.of(1500), unit: "$", factor: 1, weight: 1, rank: 1 },
 *   ],
 *   limits: [
 *     { id: "labour", label: "labour", unit: "worker-years", coefficients: Float64Array.of(0.3, 0.25),
 *       values: Float64Array.of(800), weight: 1 },
 *   ],
 *   capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 },
 * };
 * const solver = { solve: async (lp: Parameters<typeof solvePdlp>[0]) => solvePdlp(lp, { tolerance: 1e-9 }) };
 * const best = await optimisePlan(A, plan, solver);
 * const [e] = await bottleneckEffects(A, plan, solver, best.fulfilment, best.bottlenecks.slice(0, 1));
 * console.log(e.gains.map((g) => `${g.id} +${g.change.toFixed(1)}`)); // [ 'f2 +21.1' ]
 * ```
 */
export async function bottleneckEffects(
  A: Matrix,
  plan: PlanSpec,
  solver: LpSolver,
  base: readonly Fulfilment[],
  bottlenecks: readonly Bottleneck[],
  options: { sectorNames?: readonly string[]; share?: number; basis?: LpBasis } = {},
): Promise<BottleneckEffect[]> {
  const share = options.share ?? 0.01;
  const { lp, index } = buildPlanProgram(A, plan, { kind: "harmony" }, { sectorCodes: options.sectorNames });
  const before = new Map(base.map((f) => [`${f.id}@${f.year}`, f]));
  const rank = new Map(plan.targets.map((t) => [t.id, t.rank]));
  const out: BottleneckEffect[] = [];
  let basis = options.basis;
  for (const b of bottlenecks) {
    const rowUpper = Float64Array.from(lp.rowUpper);
    const added = share * Math.abs(b.bound);
    rowUpper[b.row] += added;
    const sol = await solver.solve({ ...lp, rowUpper }, { method: "auto", basis });
    basis = sol.basis ?? basis;
    const gains: TargetGain[] = [];
    if (sol.status === "optimal") {
      for (const f of fulfilmentAt(plan, index, sol.x)) {
        const was = before.get(`${f.id}@${f.year}`);
        if (!was) continue;
        const change = f.achieved - was.achieved;
        // moves under 0.01 % of the target are rounding between equally good plans, not an effect
        if (Math.abs(change) <= 1e-4 * Math.max(1e-9, Math.abs(f.target))) continue;
        gains.push({
          id: f.id,
          label: f.label,
          year: f.year,
          change,
          unit: f.unit,
          perUnit: added > 0 ? change / added : NaN,
          rank: rank.get(f.id) ?? Infinity,
        });
      }
      // the plan's priorities first (rank 1 before rank 2), then the largest change relative to its target
      const relative = (g: TargetGain) => Math.abs(g.change / (before.get(`${g.id}@${g.year}`)!.target || 1));
      gains.sort((a, b2) => a.rank - b2.rank || relative(b2) - relative(a));
    }
    out.push({ bottleneck: b, added, status: sol.status, gains, text: effectText(b, added, share, sol.status, gains) });
  }
  return out;
}

function effectText(
  b: Bottleneck,
  added: number,
  share: number,
  status: LpSolution["status"],
  gains: readonly TargetGain[],
): string {
  const what = b.kind === "capacity" ? `${b.year} capacity in ${b.what}` : `${b.year} ${b.what}`;
  const more = `${formatQuantity(added, unitHead(b.unit))} more (${formatNumber(share * 100)} %)`;
  if (status !== "optimal") return `${what}: ${more} could not be evaluated (the solve ended "${status}")`;
  if (!gains.length) return `${what}: ${more} changes no target (the gain goes to output beyond the targets)`;
  const shown = gains.slice(0, 3).map((g) => {
    const change = `${g.change > 0 ? "+" : ""}${formatQuantity(g.change, unitHead(g.unit))}`;
    return `${g.label} ${g.year} ${change} (${formatNumber(g.perUnit)} per ${unitHead(b.unit)})`;
  });
  const others = gains.length > 3 ? `; and ${gains.length - 3} more targets move` : "";
  return `${what}: ${more} → ${shown.join("; ")}${others}`;
}
