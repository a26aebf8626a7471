import { IoplanError } from "../errors.ts";
import { denseMatrix } from "../linalg/dense.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";
import { csrFromTriplets } from "../linalg/sparse.ts";
import type { Sector } from "../model.ts";
import { assertMrioShape } from "./mrioFromFlows.ts";
import type { MrioModel } from "./mrioModel.ts";

/** Concordances for {@link aggregateMrio}: each code of the model to the code of its group. */
export interface MrioConcordance {
  /** Region code → aggregated region code (omitted: regions kept). */
  regions?: Record<string, string>;
  /** Sector code → aggregated sector code (omitted: sectors kept). */
  sectors?: Record<string, string>;
}

/** A concordance that leaves codes of the model unmapped: `missing` lists them.
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "one", regions: ["N"], sectors: [{ code: "a", name: "A" }, { code: "b", name: "B" }],
 *   Z: denseMatrix(2, 2), Y: denseMatrix([[1], [1]]), finalDemandCategories: ["h"],
 * });
 * try {
 *   aggregateMrio(m, { sectors: { a: "all" } });
 * } catch (e) {
 *   if (e instanceof ConcordanceError) console.log(e.missing); // [ 'b' ]
 * }
 * ```
 */
export class ConcordanceError extends IoplanError {
  readonly missing: string[];
  constructor(what: string, missing: string[], valid: string[]) {
    super(
      "concordance",
      `the ${what} concordance does not map ${missing.join(", ")}; ` +
        `every ${what} of the model (${valid.join(", ")}) needs a group`,
    );
    this.missing = missing;
  }
}

/** Above this many aggregated rows the aggregated A is kept sparse (CSR) rather than dense. */
const DENSE_UP_TO = 2000;

/**
 * Aggregates an MRIO by region and sector concordances as pymrio's `IOSystem.aggregate` does: the flows Z = A·x̂,
 * final demand Y (rows by origin, columns by destination region, categories kept), gross output x, F and F_Y
 * summed over each group; A recomputed as Z/x (zero where x is zero). Groups come in the order of their first
 * member. O(nnz(A) + n·R·K).
 *
 * Aggregating is not neutral: footprints of the aggregated model differ from summed footprints of the detailed one
 * (aggregation bias, Miller & Blair 2009 §4.3); compute both with {@link mrioAccounts} to see by how much.
 * @throws ConcordanceError naming the regions or sectors a concordance leaves out.
 * @example
 * ```ts
 * const m = mrioFromFlows({
 *   name: "three regions", regions: ["A", "B", "C"], sectors: [{ code: "g", name: "Goods" }],
 *   Z: denseMatrix([[10, 5, 5], [5, 10, 5], [5, 5, 10]]), Y: denseMatrix([[60, 10, 5], [10, 60, 5], [5, 5, 60]]),
 *   finalDemandCategories: ["h"],
 * });
 * const agg = aggregateMrio(m, { regions: { A: "AB", B: "AB", C: "C" } });
 * console.log(agg.regions, Array.from(agg.x)); // [ 'AB', 'C' ] [ 190, 90 ]
 * ```
 */
export function aggregateMrio(m: MrioModel, concordance: MrioConcordance): MrioModel {
  assertMrioShape(m);
  const rg = groups("region", m.regions, concordance.regions);
  const sg = groups(
    "sector",
    m.sectors.map((s) => s.code),
    concordance.sectors,
  );
  const S = m.sectors.length;
  const R2 = rg.codes.length;
  const S2 = sg.codes.length;
  const n2 = R2 * S2;
  const K = m.finalDemandCategories.length;
  const to = (i: number): number => rg.of[Math.floor(i / S)] * S2 + sg.of[i % S];
  const x = new Float64Array(n2);
  m.x.forEach((v, i) => (x[to(i)] += v));
  const A = aggregatedCoefficients(m.A, m.x, x, to);
  const Y = denseMatrix(n2, R2 * K);
  for (let i = 0; i < m.Y.rows; i++) {
    for (let c = 0; c < m.Y.cols; c++)
      Y.data[to(i) * R2 * K + rg.of[Math.floor(c / K)] * K + (c % K)] += m.Y.data[i * m.Y.cols + c];
  }
  const stressors = m.stressors.map((s) => {
    const F = new Float64Array(n2);
    s.F.forEach((v, i) => (F[to(i)] += v));
    const FY = new Float64Array(R2 * K);
    s.FY.forEach((v, c) => (FY[rg.of[Math.floor(c / K)] * K + (c % K)] += v));
    return { ...s, F, FY };
  });
  const sectorOf = (code: string, k: number): Sector =>
    sg.members[k].length === 1 ? { ...m.sectors[sg.members[k][0]], code } : { code, name: code };
  return {
    ...m,
    regions: rg.codes,
    regionNames: rg.codes.map((code, k) => (rg.members[k].length === 1 ? m.regionNames[rg.members[k][0]] : code)),
    sectors: sg.codes.map(sectorOf),
    A,
    x,
    Y,
    stressors,
    sources: [...m.sources],
    notes: [
      ...m.notes,
      `Aggregated from ${m.regions.length} regions × ${S} sectors to ${R2} × ${S2} (flows summed, A recomputed).`,
    ],
  };
}

function groups(
  what: string,
  codes: string[],
  map: Record<string, string> | undefined,
): { codes: string[]; of: Int32Array; members: number[][] } {
  const missing = map ? codes.filter((c) => !Object.hasOwn(map, c)) : [];
  if (missing.length > 0) throw new ConcordanceError(what, missing, codes);
  const out: string[] = [];
  const members: number[][] = [];
  const index = new Map<string, number>();
  const of = new Int32Array(codes.length);
  codes.forEach((c, i) => {
    const g = map ? map[c] : c;
    let k = index.get(g);
    if (k === undefined) {
      k = out.length;
      index.set(g, k);
      out.push(g);
      members.push([]);
    }
    members[k].push(i);
    of[i] = k;
  });
  return { codes: out, of, members };
}

function aggregatedCoefficients(A: Matrix, x: Float64Array, x2: Float64Array, to: (i: number) => number): Matrix {
  const n2 = x2.length;
  const scale = (j2: number): number => (x2[j2] === 0 ? 0 : 1 / x2[j2]);
  if (n2 <= DENSE_UP_TO) {
    const Z = denseMatrix(n2, n2);
    forEachEntry(A, (i, j, v) => (Z.data[to(i) * n2 + to(j)] += v * x[j]));
    for (let i = 0; i < n2; i++) for (let j = 0; j < n2; j++) Z.data[i * n2 + j] *= scale(j);
    return Z;
  }
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  forEachEntry(A, (i, j, v) => {
    rows.push(to(i));
    cols.push(to(j));
    values.push(v * x[j] * scale(to(j)));
  });
  return csrFromTriplets(n2, n2, { rows, cols, values }, { allowNegative: true });
}
