/**
 * One benchmark case of ours, run in its own process so that its peak memory (VmHWM) is its own.
 * usage: tsx bench/cases.ts dense|sparse|bea DIR METHOD [REPS]
 * Prints one JSON line like the peer script: seconds (solve only), true residuals, iterations, memory.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { allocateSharedCsr, ParallelCsr, solveLeontiefParallel } from "../src/workers/index.ts";
import { join } from "node:path";
import { beaModel } from "../src/app/beaModel.ts";
import { rss } from "./procMemory.ts";
import type { LeontiefMethod, Matrix } from "../src/engine/index.ts";
import { createLeontiefSystem, denseMatrix, totalFinalDemand } from "../src/engine/index.ts";

function f64(path: string): Float64Array {
  const b = readFileSync(path);
  return b.byteOffset % 8 === 0
    ? new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8)
    : new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
function i32(path: string): Int32Array {
  const b = readFileSync(path);
  return b.byteOffset % 4 === 0
    ? new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4)
    : new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A binary file read straight into an array in shared memory (no second copy). */
function readInto(path: string, into: Int32Array | Float64Array): void {
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  if (size !== into.byteLength) throw new Error(`${path}: ${size} bytes, expected ${into.byteLength}`);
  const view = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
  let off = 0;
  while (off < size) off += readSync(fd, view, off, Math.min(1 << 30, size - off), off);
  closeSync(fd);
}

/** The benchmark's CSR files (bench/peers/sparse_economy.py) read straight into a shared matrix. */
function sharedFromFiles(dir: string) {
  const [n, nnz] = readFileSync(join(dir, "shape.txt"), "utf8").trim().split(/\s+/).map(Number);
  const A = allocateSharedCsr(n, n, nnz);
  readInto(join(dir, "indptr.i32"), A.rowStarts);
  readInto(join(dir, "indices.i32"), A.colIndices);
  readInto(join(dir, "data.f64"), A.values);
  return A;
}

const [kind, dir, method = "auto", repsArg = "1"] = process.argv.slice(2);
if (method === "products") {
  // one tiled product on two threads, forward and transposed, between two of the solver's shared vectors:
  // best of 10 after 3 to warm up, in ms (the bench sets these beside the native C product and the bound)
  const A = sharedFromFiles(dir);
  const {
    rows: n,
    values: { length: nnz },
  } = A;
  const pc = new ParallelCsr(A);
  const { p, v } = A.work;
  new Float64Array(A.memory.buffer, p, n).fill(1);
  const best = (transposed: boolean) => {
    let b = Infinity;
    for (let r = 0; r < 13; r++) {
      const t = performance.now();
      pc.product(transposed, false, p, v);
      if (r >= 3) b = Math.min(b, performance.now() - t);
    }
    return b;
  };
  const forward = best(false);
  const transposed = best(true);
  await pc.close();
  console.log(JSON.stringify({ forward_ms: forward, transposed_ms: transposed, n, nnz }));
  process.exit(0);
}
if (method === "parallel") {
  // two threads over shared memory: BiCGSTAB forward and transposed, as the single-threaded case does
  const A = sharedFromFiles(dir);
  const n = A.rows;
  const dd = f64(join(dir, "d.f64"));
  const matrixBytesP = A.values.byteLength * 1.5 + (n + 1) * 4;
  const base = rss("VmRSS");
  const ts = performance.now();
  const pc = new ParallelCsr(A); // (reorders the matrix into tiles where it lies, and starts the worker)
  const setupSeconds = (performance.now() - ts) / 1000;
  const times: number[] = [];
  let out = { residual_x: 0, residual_m: 0, iterations: 0, method: "", status: "", matvecs: 0 };
  for (let r = 0; r < Number(repsArg); r++) {
    const t0 = performance.now();
    const x = solveLeontiefParallel(pc, dd);
    const m = solveLeontiefParallel(pc, new Float64Array(n).fill(1), { transposed: true });
    times.push((performance.now() - t0) / 1000);
    // BiCGSTAB: two products per iteration, one for the initial residual, one for the true residual
    out = {
      residual_x: x.residual,
      residual_m: m.residual,
      iterations: x.iterations + m.iterations,
      method: `${x.method}/${m.method}`,
      status: `${x.status}/${m.status}`,
      matvecs: 2 * (x.iterations + m.iterations) + 4,
    };
  }
  await pc.close();
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      seconds: times[Math.floor(times.length / 2)],
      ...out,
      peak_rss: rss("VmHWM"),
      base_rss: base,
      matrix_bytes: matrixBytesP,
      nnz: A.values.length,
      n,
      setup_seconds: setupSeconds,
    }),
  );
  process.exit(0);
}
const reps = Number(repsArg);
let A: Matrix;
let d: Float64Array;
let matrixBytes: number;
if (kind === "dense") {
  const n = Number(readFileSync(join(dir, "shape.txt"), "utf8").trim());
  A = denseMatrix(n, n, f64(join(dir, "A.f64")));
  d = f64(join(dir, "d.f64"));
  matrixBytes = n * n * 8;
} else if (kind === "sparse") {
  const [n] = readFileSync(join(dir, "shape.txt"), "utf8").trim().split(/\s+/).map(Number);
  const values = f64(join(dir, "data.f64"));
  A = {
    kind: "csr",
    rows: n,
    cols: n,
    rowStarts: i32(join(dir, "indptr.i32")),
    colIndices: i32(join(dir, "indices.i32")),
    values,
  };
  d = f64(join(dir, "d.f64"));
  matrixBytes = values.byteLength * 1.5 + (n + 1) * 4;
} else {
  const m = beaModel({ dir, year: 2017, level: "detail", domestic: true });
  A = m.A;
  d = totalFinalDemand(m);
  matrixBytes = A.rows * A.cols * 8;
}
const n = A.rows;
const ones = new Float64Array(n).fill(1);
const base = rss("VmRSS");
const times: number[] = [];
let out = { residual_x: 0, residual_m: 0, iterations: 0, method: "", status: "" };
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  const sys = createLeontiefSystem(A, { method: method as LeontiefMethod });
  const x = sys.solve(d);
  const m = sys.solveTransposed(ones);
  times.push((performance.now() - t0) / 1000);
  out = {
    residual_x: x.residual,
    residual_m: m.residual,
    iterations: x.iterations + m.iterations,
    method: `${x.method}/${m.method}`,
    status: `${x.status}/${m.status}`,
  };
}
times.sort((a, b) => a - b);
// products per solve pair, for the bandwidth bound: BiCGSTAB 2 per iteration + 2 (initial and true residuals) per solve
const sparseInfo =
  kind === "sparse" && A.kind === "csr" && /bicgstab/.test(out.method)
    ? { nnz: A.values.length, n, matvecs: 2 * out.iterations + 4 }
    : {};
console.log(
  JSON.stringify({
    seconds: times[Math.floor(times.length / 2)],
    ...out,
    peak_rss: rss("VmHWM"),
    base_rss: base,
    matrix_bytes: matrixBytes,
    ...sparseInfo,
  }),
);
