import { DimensionError, InvalidValueError } from "../errors.ts";
import type { LinearProgram } from "./linearProgram.ts";

/**
 * Checks that a linear program's parts fit together before a solver reads it: as many costs and column bounds as the
 * matrix has columns, as many row bounds as it has rows, column starts that rise from 0 to the number of entries, row
 * indices within the rows, finite costs and entries, and no bound that is NaN or shuts its row or column out (a lower
 * bound of +∞, an upper bound of −∞). Throws a {@link DimensionError} or {@link InvalidValueError} naming the part, the
 * row or column (by name when the program has names) and the value; a program whose bounds cross (lower above upper)
 * passes: it is infeasible, which the solver reports as a status.
 *
 * Without it, a program whose matrix declares fewer rows than it has row bounds solved to NaN residuals in PDLP.
 * @example
 * ```ts
 * const b = new LpBuilder();
 * const r = b.addRow("capacity", -Infinity, 10);
 * b.addCol("x", -1, 0, Infinity, [[r, 2]]);
 * const lp = b.build("minimize");
 * try {
 *   checkProgram({ ...lp, rowUpper: Float64Array.of(10, 20) });
 * } catch (e) {
 *   console.log((e as Error).message); // the program has 2 upper row bounds; its matrix has 1 row
 * }
 * ```
 */
export function checkProgram(lp: LinearProgram): void {
  const M = lp.matrix;
  const n = M.cols;
  const m = M.rows;
  const count = (what: string, length: number, of: number, unit: string) => {
    if (length !== of)
      throw new DimensionError(`the program has ${length} ${what}; its matrix has ${of} ${unit}${of === 1 ? "" : "s"}`);
  };
  count("costs", lp.cost.length, n, "column");
  count("lower column bounds", lp.colLower.length, n, "column");
  count("upper column bounds", lp.colUpper.length, n, "column");
  count("lower row bounds", lp.rowLower.length, m, "row");
  count("upper row bounds", lp.rowUpper.length, m, "row");
  count("column starts", M.colStarts.length, n + 1, "column start");
  const nnz = M.rowIndices.length;
  if (M.values.length !== nnz || M.colStarts[0] !== 0 || M.colStarts[n] !== nnz)
    throw new DimensionError(
      `the program's matrix has ${nnz} row indices, ${M.values.length} values and column starts from ` +
        `${M.colStarts[0]} to ${M.colStarts[n]}; they must agree (from 0 to the number of entries)`,
    );
  const col = (j: number) => `column ${lp.colNames?.[j] ?? j}`;
  const row = (i: number) => `row ${lp.rowNames?.[i] ?? i}`;
  for (let j = 0; j < n; j++) {
    if (M.colStarts[j + 1] < M.colStarts[j])
      throw new DimensionError(
        `the program's column starts fall at ${col(j)}: ${M.colStarts[j]} then ${M.colStarts[j + 1]}`,
      );
    for (let p = M.colStarts[j]; p < M.colStarts[j + 1]; p++) {
      const i = M.rowIndices[p];
      if (!(i >= 0 && i < m)) throw new DimensionError(`${col(j)} has an entry in row ${i}; the program has ${m} rows`);
      if (!Number.isFinite(M.values[p]))
        throw new InvalidValueError(`${col(j)}, ${row(i)}`, M.values[p], "a finite coefficient");
    }
    if (!Number.isFinite(lp.cost[j])) throw new InvalidValueError(`cost of ${col(j)}`, lp.cost[j], "a finite cost");
    checkBounds(col(j), lp.colLower[j], lp.colUpper[j]);
  }
  for (let i = 0; i < m; i++) checkBounds(row(i), lp.rowLower[i], lp.rowUpper[i]);
}

/** A bound pair is usable when neither is NaN, the lower is below +∞ and the upper above −∞. */
function checkBounds(where: string, lo: number, hi: number): void {
  if (Number.isNaN(lo) || lo === Infinity) throw new InvalidValueError(`lower bound of ${where}`, lo, "a number or −∞");
  if (Number.isNaN(hi) || hi === -Infinity)
    throw new InvalidValueError(`upper bound of ${where}`, hi, "a number or +∞");
}
