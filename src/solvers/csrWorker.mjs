// The worker of RowSplit (rowSplit.ts; plain JavaScript: it calls the WebAssembly kernels of
// engine/linalg/wasm/spmv.wat on its rows and nothing else). It waits on a shared control word, then computes
// its rows (the second half of the non-zeros) of a product of matrix ctrl[5] from the vector at byte offset
// ctrl[3] into ctrl[4] — M·x, or (I − M)·x when ctrl[6] is 1 (op 0) — or scatters its rows of matrix 0 transposed
// into its own accumulator (op 1); reports done, and waits again. The matrices and the vectors live in the
// shared WebAssembly memory owned by the main thread.
import { workerData } from "node:worker_threads";

const { ctrl: ctrlBuf, module, memory, mats, warm, part, leontief } = workerData;
const ctrl = new Int32Array(ctrlBuf);
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const acc = part ? new Float64Array(memory.buffer, part.at, part.length) : undefined;
// warm-up, as on the main thread: optimised code before the first full product
mats.forEach((M, w) => {
  const rows = Math.min(M.rows - M.split, 4096);
  const [input, output] = warm[w];
  for (let r = 0; r < 20; r++) {
    k.rowsMV(M.split, M.split + rows, M.rs, M.ci, M.v, input, output);
    if (leontief) k.rowsLeontief(M.split, M.split + rows, M.rs, M.ci, M.v, input, output);
    if (acc && w === 0) k.rowsMVT(M.split, M.split + rows, M.rs, M.ci, M.v, output, part.at);
  }
});
Atomics.store(ctrl, 7, 1);
Atomics.notify(ctrl, 7);
let gen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  const op = Atomics.load(ctrl, 2);
  if (op === 9) break;
  const input = Atomics.load(ctrl, 3);
  const output = Atomics.load(ctrl, 4);
  const M = mats[Atomics.load(ctrl, 5)];
  if (op === 0) {
    if (Atomics.load(ctrl, 6) === 1) k.rowsLeontief(M.split, M.rows, M.rs, M.ci, M.v, input, output);
    else k.rowsMV(M.split, M.rows, M.rs, M.ci, M.v, input, output);
  } else {
    acc.fill(0);
    k.rowsMVT(M.split, M.rows, M.rs, M.ci, M.v, input, part.at);
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
