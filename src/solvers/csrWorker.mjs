// A worker of the parallel sparse kernels (plain JavaScript: it runs a hot loop and nothing else). It waits on
// a shared control word, computes its rows of y = A·x (or its partial Aᵀ·x, scattered into its own
// accumulator), reports done, and waits again. All arrays live in SharedArrayBuffers owned by the main thread.
import { workerData } from "node:worker_threads";

const { ctrl: ctrlBuf, rowStarts: rsBuf, colIndices: ciBuf, values: vBuf, x: xBuf, y: yBuf, part: partBuf, n, from, to } = workerData;
const ctrl = new Int32Array(ctrlBuf);
const rs = new Int32Array(rsBuf);
const ci = new Int32Array(ciBuf);
const v = new Float64Array(vBuf);
const x = new Float64Array(xBuf);
const y = new Float64Array(yBuf);
const part = new Float64Array(partBuf);
function rowsMV(from, to) {
  // unrolled by four with independent sums, as the engine's kernel (≈1.6× faster in V8 on 20-entry rows)
  let p = rs[from];
  for (let i = from; i < to; i++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const end = rs[i + 1];
    for (; p + 3 < end; p += 4) {
      s0 += v[p] * x[ci[p]];
      s1 += v[p + 1] * x[ci[p + 1]];
      s2 += v[p + 2] * x[ci[p + 2]];
      s3 += v[p + 3] * x[ci[p + 3]];
    }
    for (; p < end; p++) s0 += v[p] * x[ci[p]];
    y[i] = s0 + s1 + (s2 + s3);
  }
}
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  const op = Atomics.load(ctrl, 2);
  if (op === 9) break;
  if (op === 0) rowsMV(from, to);
  else {
    part.fill(0, 0, n);
    for (let i = from; i < to; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      let k = rs[i];
      const end = rs[i + 1];
      for (; k + 3 < end; k += 4) {
        part[ci[k]] += v[k] * xi;
        part[ci[k + 1]] += v[k + 1] * xi;
        part[ci[k + 2]] += v[k + 2] * xi;
        part[ci[k + 3]] += v[k + 3] * xi;
      }
      for (; k < end; k++) part[ci[k]] += v[k] * xi;
    }
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
