// The worker of the parallel sparse kernels (plain JavaScript: it calls the WebAssembly kernels of
// wasm/spmv.wat on its rows and nothing else). It waits on a shared control word, computes its rows of
// y = A·x (or its partial Aᵀ·x, scattered into its own accumulator), reports done, and waits again. The matrix
// and the vectors live in the shared WebAssembly memory owned by the main thread.
import { workerData } from "node:worker_threads";

const { ctrl: ctrlBuf, module, memory, at, n, from, to } = workerData;
const ctrl = new Int32Array(ctrlBuf);
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const part = new Float64Array(memory.buffer, at.part, n);
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  const op = Atomics.load(ctrl, 2);
  if (op === 9) break;
  if (op === 0) k.rowsMV(from, to, at.rs, at.ci, at.v, at.x, at.y);
  else {
    part.fill(0);
    k.rowsMVT(from, to, at.rs, at.ci, at.v, at.x, at.part);
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
