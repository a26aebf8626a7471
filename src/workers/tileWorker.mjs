// The worker of TileSplit (tileSplit.ts; plain JavaScript over the WebAssembly kernels of src/kernels): for each
// operation posted (workerLoop.mjs: 0 forward, 1 transposed; arguments input, output, leontief) it computes the
// second half of the product with the calling thread's own code (tileHalf.mjs).
import { workerData } from "node:worker_threads";
import { half, warmHalf } from "./tileHalf.mjs";
import { serve } from "./workerLoop.mjs";

const { ctrl, errorText, module, memory, job, warm } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
warmHalf(k, job, 1, warm);
serve(ctrl, errorText, (op, [input, output, leontief]) =>
  half(k, memory, job, 1, op === 1, leontief === 1, input, output),
);
