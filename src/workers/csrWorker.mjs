// The worker of RowSplit (rowSplit.ts; plain JavaScript: it calls the WebAssembly kernels of
// src/kernels on its rows and nothing else). For each operation posted (workerLoop.mjs) it computes
// its rows (the second half of the non-zeros) of the product of matrix `which` from the vector at byte offset
// `input` into `output`. The matrices and the vectors live in the shared WebAssembly memory owned by the main
// thread.
import { workerData } from "node:worker_threads";
import { serve } from "./workerLoop.mjs";

const { ctrl, errorText, module, memory, mats, warm } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
// warm-up, as on the main thread: optimised code before the first full product
mats.forEach((M, w) => {
  const rows = Math.min(M.rows - M.split, 4096);
  const [input, output] = warm[w];
  for (let r = 0; r < 20; r++) k.rowsMV(M.split, M.split + rows, M.rs, M.ci, M.v, input, output);
});
serve(ctrl, errorText, (_op, [input, output, which]) => {
  const M = mats[which];
  k.rowsMV(M.split, M.rows, M.rs, M.ci, M.v, input, output);
});
