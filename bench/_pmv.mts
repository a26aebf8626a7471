import { readFileSync } from "node:fs";
import { ParallelCsr, sharedCsr } from "../src/solvers/parallelSparse.ts";
const n = Number(process.argv[2]);
const dir = `/tmp/ioplan-bench/sparse-${n}`;
const f64 = (p: string) => { const b = readFileSync(`${dir}/${p}`); return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const i32 = (p: string) => { const b = readFileSync(`${dir}/${p}`); return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const A = sharedCsr({ kind: "csr", rows: n, cols: n, rowStarts: i32("indptr.i32"), colIndices: i32("indices.i32"), values: f64("data.f64") });
const pc = new ParallelCsr(A);
const x = new Float64Array(n).fill(1), y = new Float64Array(n);
for (const [name, f] of [["mul", () => pc.mul(x, y)], ["mulT", () => pc.mulT(x, y)]] as const) {
  for (let w = 0; w < 3; w++) f();
  const t0 = performance.now(); for (let r = 0; r < 10; r++) f();
  console.log(name, ((performance.now() - t0) / 10).toFixed(1), "ms");
}
await pc.close();
