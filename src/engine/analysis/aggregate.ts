import { DimensionError, IndexRangeError } from "../errors.ts";
import type { DenseMatrix } from "../linalg/dense.ts";
import { denseMatrix } from "../linalg/dense.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";

/**
 * A concordance from n detailed sectors to k groups: `groupOf[i]` is sector i's group, in [0, k).
 * Build it from codes with {@link concordanceFromCodes}.
 */
export interface Concordance {
  readonly groupOf: Int32Array;
  readonly groups: readonly string[];
}

/**
 * Builds a concordance from a mapping of detailed code → group code.
 * @throws IndexRangeError-like errors naming a sector with no group.
 * @example
 * ```ts
 * const c = concordanceFromCodes(["111CA", "113FF", "211"], { "111CA": "AGR", "113FF": "AGR", "211": "MIN" });
 * console.log(Array.from(c.groupOf), c.groups); // [ 0, 0, 1 ] [ 'AGR', 'MIN' ]
 * ```
 */
export function concordanceFromCodes(
  codes: readonly string[],
  mapping: Readonly<Record<string, string>>,
  groupOrder?: readonly string[],
): Concordance {
  const groups: string[] = groupOrder ? [...groupOrder] : [];
  const index = new Map(groups.map((g, i) => [g, i]));
  const groupOf = new Int32Array(codes.length);
  codes.forEach((c, i) => {
    const g = mapping[c];
    if (g === undefined)
      throw new DimensionError(`sector ${c} (index ${i}) has no group in the concordance; every sector needs one`);
    let gi = index.get(g);
    if (gi === undefined) {
      if (groupOrder)
        throw new DimensionError(
          `sector ${c} maps to group ${g}, which is not among the groups ${groupOrder.join(", ")}`,
        );
      gi = groups.length;
      groups.push(g);
      index.set(g, gi);
    }
    groupOf[i] = gi;
  });
  return { groupOf, groups };
}

/**
 * Aggregates a flow matrix Z (n × n) to k × k by summing flows within groups: Z* = S·Z·Sᵀ with the 0/1
 * aggregation matrix S (Miller & Blair 2009, §4.3). Aggregate flows and outputs, then recompute coefficients;
 * coefficients themselves do not aggregate by summing. O(nnz).
 * @example
 * ```ts
 * const c = concordanceFromCodes(["111CA", "113FF", "211"], { "111CA": "AGR", "113FF": "AGR", "211": "MIN" });
 * const flows = denseMatrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
 * console.log(denseToRows(aggregateFlows(flows, c))); // [ [ 12, 9 ], [ 15, 9 ] ]
 * ```
 */
export function aggregateFlows(Z: Matrix, c: Concordance): DenseMatrix {
  const k = c.groups.length;
  if (Z.rows !== c.groupOf.length || Z.cols !== c.groupOf.length) {
    throw new DimensionError(
      `flow matrix is ${Z.rows} × ${Z.cols}; the concordance covers ${c.groupOf.length} sectors`,
    );
  }
  check(c);
  const out = denseMatrix(k, k);
  forEachEntry(Z, (i, j, v) => {
    out.data[c.groupOf[i] * k + c.groupOf[j]] += v;
  });
  return out;
}

/** Aggregates a matrix whose rows are sectors (final demand, n × m) to k × m.
 * @example
 * ```ts
 * const c = concordanceFromCodes(["111CA", "113FF", "211"], { "111CA": "AGR", "113FF": "AGR", "211": "MIN" });
 * console.log(denseToRows(aggregateRows(denseMatrix([[10, 1], [20, 2], [30, 3]]), c))); // [ [ 30, 3 ], [ 30, 3 ] ]
 * ```
 */
export function aggregateRows(M: DenseMatrix, c: Concordance): DenseMatrix {
  if (M.rows !== c.groupOf.length)
    throw new DimensionError(`matrix has ${M.rows} rows; the concordance covers ${c.groupOf.length} sectors`);
  check(c);
  const k = c.groups.length;
  const out = denseMatrix(k, M.cols);
  for (let i = 0; i < M.rows; i++) {
    const g = c.groupOf[i];
    for (let j = 0; j < M.cols; j++) out.data[g * M.cols + j] += M.data[i * M.cols + j];
  }
  return out;
}

/** Aggregates a per-sector vector (output, value added, employment) by summing within groups.
 * @example
 * ```ts
 * const c = concordanceFromCodes(["111CA", "113FF", "211"], { "111CA": "AGR", "113FF": "AGR", "211": "MIN" });
 * console.log(Array.from(aggregateVector([100, 50, 70], c))); // [ 150, 70 ]
 * ```
 */
export function aggregateVector(x: ArrayLike<number>, c: Concordance): Float64Array {
  if (x.length !== c.groupOf.length)
    throw new DimensionError(`vector has length ${x.length}; the concordance covers ${c.groupOf.length} sectors`);
  check(c);
  const out = new Float64Array(c.groups.length);
  for (let i = 0; i < x.length; i++) out[c.groupOf[i]] += x[i];
  return out;
}

function check(c: Concordance): void {
  for (let i = 0; i < c.groupOf.length; i++) {
    const g = c.groupOf[i];
    if (g < 0 || g >= c.groups.length)
      throw new IndexRangeError(`concordance entry for sector index ${i}`, g, c.groups.length);
  }
}
