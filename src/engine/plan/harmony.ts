import type { PlanIndex } from "./planProgram.ts";

/**
 * Piecewise-linear concave "harmony" of fulfilment φ (achieved ÷ target): h(φ) = min over the lines below.
 * Slopes fall from 4 to 0.01 (breakpoints at φ = 0.5, 0.8, 1, 1.2), so each further per cent of fulfilment is
 * worth less than the last, and overshooting a target is worth a twentieth of closing a shortfall: the optimum spreads
 * shortfalls across targets instead of sacrificing a few (after Cockshott's harmony function, which rewards balanced
 * fulfilment; W. P. Cockshott, "Calculation in a planned economy", 1990).
 * @example
 * ```ts
 * // h(φ) = min over the pieces of slope·φ + intercept; a target exactly met (φ = 1) is worth 2.8
 * console.log(HARMONY_PIECES.length, Math.min(...HARMONY_PIECES.map(([s, c]) => s * 1 + c))); // 5 2.8
 * ```
 */
export const HARMONY_PIECES: readonly (readonly [slope: number, intercept: number])[] = [
  [4, 0],
  [2, 1],
  [1, 1.8],
  [0.05, 2.75],
  [0.01, 2.798],
];
/** Fulfilment is capped here: overshooting a target further earns nothing.
 * @example
 * ```ts
 * console.log(MAX_FULFILMENT); // 1.5
 * ```
 */
export const MAX_FULFILMENT = 1.5;
/** Where the harmony pieces meet: φ = 0.5, 0.8, 1, 1.2 (segment k of φ runs from break k − 1 to break k).
 * @example
 * ```ts
 * console.log(HARMONY_BREAKS.map((b) => Number(b.toFixed(6)))); // [ 0.5, 0.8, 1, 1.2 ]
 * ```
 */
export const HARMONY_BREAKS: readonly number[] = HARMONY_PIECES.slice(1).map(
  ([s, c], k) => (c - HARMONY_PIECES[k][1]) / (HARMONY_PIECES[k][0] - s),
);

/** Fulfilment φ and harmony h(φ) of target m in year t from a harmony program's solution.
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
 * const { lp, index } = buildPlanProgram(A, plan, { kind: "harmony" });
 * const s = solvePdlp(lp, { tolerance: 1e-9 });
 * const [f1, f2] = [fulfilmentOf(index, s.x, 0, 0), fulfilmentOf(index, s.x, 1, 0)];
 * console.log(f1?.phi.toFixed(4), f2?.phi.toFixed(4)); // 1.0000 0.9391
 * ```
 */
export function fulfilmentOf(
  index: PlanIndex,
  x: Float64Array,
  m: number,
  t: number,
): { phi: number; harmony: number } | undefined {
  const c0 = index.segmentCol[m * index.T + t];
  if (c0 < 0) return undefined;
  if (index.objective === "bundle") return { phi: x[c0], harmony: x[c0] };
  let phi = 0;
  let harmony = 0;
  for (let k = 0; k < HARMONY_PIECES.length; k++) {
    phi += x[c0 + k];
    harmony += HARMONY_PIECES[k][0] * x[c0 + k];
  }
  return { phi, harmony };
}
