/** Writes and reads a LinearProgram as raw little-endian arrays, so ioplan and scipy solve the very same program. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LinearProgram, PlanIndex } from "../src/engine/index.ts";

export function writeLp(dir: string, lp: LinearProgram): void {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, a: Float64Array | Int32Array) =>
    writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  put("cost.f64", lp.cost);
  put("col_lower.f64", lp.colLower);
  put("col_upper.f64", lp.colUpper);
  put("row_lower.f64", lp.rowLower);
  put("row_upper.f64", lp.rowUpper);
  put("starts.i32", lp.matrix.colStarts);
  put("indices.i32", lp.matrix.rowIndices);
  put("values.f64", lp.matrix.values);
  writeFileSync(
    join(dir, "shape.json"),
    JSON.stringify({ rows: lp.rowLower.length, cols: lp.cost.length, nnz: lp.matrix.values.length, sense: lp.sense }),
  );
}

export function readLp(dir: string): LinearProgram {
  const f64 = (n: string) => {
    const b = readFileSync(join(dir, n));
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const i32 = (n: string) => {
    const b = readFileSync(join(dir, n));
    return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const shape = JSON.parse(readFileSync(join(dir, "shape.json"), "utf8"));
  return {
    sense: shape.sense,
    cost: f64("cost.f64"),
    colLower: f64("col_lower.f64"),
    colUpper: f64("col_upper.f64"),
    rowLower: f64("row_lower.f64"),
    rowUpper: f64("row_upper.f64"),
    matrix: {
      kind: "csc",
      rows: shape.rows,
      cols: shape.cols,
      colStarts: i32("starts.i32"),
      rowIndices: i32("indices.i32"),
      values: f64("values.f64"),
    },
    colNames: [],
    rowNames: [],
  };
}

/** The parts of a plan program's index the years' start reads (index.json beside the arrays). */
export type PlanShape = Pick<PlanIndex, "n" | "T" | "xCol" | "yCol" | "invCol">;

export function writePlanIndex(dir: string, index: PlanIndex): void {
  const { n, T, xCol, yCol, invCol } = index;
  const list = (a: Int32Array) => Array.from(a);
  writeFileSync(
    join(dir, "index.json"),
    JSON.stringify({ n, T, xCol: list(xCol), yCol: list(yCol), invCol: list(invCol) }),
  );
}

/** The index written by {@link writePlanIndex} (cast: the years' start reads only these fields). */
export function readPlanIndex(dir: string): PlanIndex {
  const o = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  return {
    ...o,
    xCol: Int32Array.from(o.xCol),
    yCol: Int32Array.from(o.yCol),
    invCol: Int32Array.from(o.invCol),
  } as PlanIndex;
}
