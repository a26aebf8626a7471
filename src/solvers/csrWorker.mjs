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
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  const op = Atomics.load(ctrl, 2);
  if (op === 9) break;
  if (op === 0) {
    for (let i = from; i < to; i++) {
      let s = 0;
      for (let k = rs[i]; k < rs[i + 1]; k++) s += v[k] * x[ci[k]];
      y[i] = s;
    }
  } else {
    part.fill(0, 0, n);
    for (let i = from; i < to; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      for (let k = rs[i]; k < rs[i + 1]; k++) part[ci[k]] += v[k] * xi;
    }
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
