// The worker of the parallel sparse kernels (plain JavaScript: it calls the WebAssembly kernels of
// engine/linalg/wasm/spmv.wat on its rows and nothing else). It waits on a shared control word, computes its
// rows of a product of the vector at byte offset ctrl[3] into ctrl[4] (op 0: A·x; 2: rows of the transposed
// copy; 3 and 4: the same as (I − A)·x), or its partial Aᵀ·x scattered into its own accumulator (op 1), reports
// done, and waits again. The matrix and the vectors live in the shared WebAssembly memory owned by the main thread.
import { parentPort, workerData } from "node:worker_threads";

const { ctrl: ctrlBuf, module, memory, at, n, from, fromT } = workerData;
const ctrl = new Int32Array(ctrlBuf);
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const part = new Float64Array(memory.buffer, at.part, n);
// warm-up, as on the main thread: optimised code before the first full product (into this thread's own vector)
const rows = Math.min(n - from, 4096);
for (let r = 0; r < 20; r++) {
  k.rowsMV(from, from + rows, at.rs, at.ci, at.v, at.part, at.part);
  k.rowsLeontief(from, from + rows, at.rs, at.ci, at.v, at.part, at.part);
  k.rowsMVT(from, from + rows, at.rs, at.ci, at.v, at.part, at.part);
}
parentPort.postMessage("ready");
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  const op = Atomics.load(ctrl, 2);
  if (op === 9) break;
  const input = Atomics.load(ctrl, 3);
  const output = Atomics.load(ctrl, 4);
  if (op === 0) k.rowsMV(from, n, at.rs, at.ci, at.v, input, output);
  else if (op === 2) k.rowsMV(fromT, n, at.trs, at.tci, at.tv, input, output);
  else if (op === 3) k.rowsLeontief(from, n, at.rs, at.ci, at.v, input, output);
  else if (op === 4) k.rowsLeontief(fromT, n, at.trs, at.tci, at.tv, input, output);
  else {
    part.fill(0);
    k.rowsMVT(from, n, at.rs, at.ci, at.v, input, part.byteOffset);
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
