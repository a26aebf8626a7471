import type { DenseMatrix } from "./linalg/dense.ts";
import type { Matrix } from "./linalg/matrix.ts";

/** A sector of an economy model. */
export interface Sector {
  code: string;
  name: string;
}

/**
 * An economy model in memory: sectors, technical coefficients, final demand, value added and satellite rows,
 * with the metadata that says where the numbers come from. Units are those of `unit` (e.g. "USD million,
 * current, producers' prices") for money rows; each satellite row carries its own unit.
 */
export interface EconomyModel {
  name: string;
  sectors: Sector[];
  /** Technical coefficients A (n × n). */
  A: Matrix;
  /** Gross output x of the base year (n). */
  x: Float64Array;
  /** Final demand by category (n × k). */
  finalDemand: DenseMatrix;
  finalDemandCategories: string[];
  /** Value-added rows (m × n), e.g. compensation of employees, taxes less subsidies, operating surplus. */
  valueAdded: DenseMatrix;
  valueAddedRows: string[];
  /** Satellite rows in absolute terms per sector (labour, imports, energy, …), each with a unit. */
  satellites: { code: string; name: string; unit: string; values: Float64Array }[];
  /**
   * Imported-input coefficients (n × n, optional): imports of products of (the domestic counterpart of) sector i
   * per unit of sector j's output. With them a ban on importing i's products can be modelled as substitution
   * by domestic production.
   */
  importCoefficients?: Matrix;
  /** Productive capacity per sector in output units a year (optional; plans use it). */
  capacities?: Float64Array;
  /** Capital coefficients B (n × n): sector i's capital goods per unit of added capacity in j (optional). */
  capitalCoefficients?: Matrix;
  /**
   * Capital stocks K (n × n, optional): the stock of capital good i (in i's output units) held by industry j at the
   * end of the base year. With them a plan can keep capital per (good, using industry), each pair wearing out at its
   * own rate; K_ij ÷ x_j is the stock of i a unit of j's output needs.
   */
  capitalStocks?: Matrix;
  /** Codes that allow negative coefficients (real subsidy or scrap effects), declared where they enter. */
  allowNegativeCoefficients: boolean;
  baseYear: number;
  unit: string;
  sources: { title: string; path?: string; licence?: string }[];
  /** Licence of the model's numbers (e.g. "CC-BY-4.0") and the attribution it requires. */
  licence?: { name: string; title?: string; attribution?: string };
  currency?: string;
  priceBasis?: string;
  notes: string[];
}

/** Total final demand per sector (row sums of the final-demand matrix).
 * @example
 * ```ts
 * const model = {
 *   name: "M&B", sectors: [{ code: "S1", name: "one" }, { code: "S2", name: "two" }],
 *   A: denseMatrix([[0.15, 0.25], [0.2, 0.05]]), x: Float64Array.of(1000, 2000),
 *   finalDemand: denseMatrix([[100, 250], [1200, 500]]), finalDemandCategories: ["households", "exports"],
 *   valueAdded: denseMatrix([[650, 1400]]), valueAddedRows: ["VA"], satellites: [],
 *   allowNegativeCoefficients: false, baseYear: 2009, unit: "$", sources: [], notes: [],
 * };
 * console.log(Array.from(totalFinalDemand(model))); // [ 350, 1700 ]
 * ```
 */
export function totalFinalDemand(m: EconomyModel): Float64Array {
  const { rows, cols, data } = m.finalDemand;
  const f = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[i * cols + j];
    f[i] = s;
  }
  return f;
}
