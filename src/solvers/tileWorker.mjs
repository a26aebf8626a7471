// The worker of TileSplit (tileSplit.ts; plain JavaScript over the WebAssembly kernels of spmv.wat): for each
// operation posted (workerLoop.mjs: 0 forward, 1 transposed; arguments input, output, leontief) it computes the
// second half of the product, the same way as the calling thread computes the first (tileSplit.ts `half`, mirrored
// here because a worker runs plain JavaScript).
import { workerData } from "node:worker_threads";
import { serve } from "./workerLoop.mjs";

const { ctrl, errorText, module, memory, job, warm } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;

function half(transposed, leontief, input, output) {
  const h = transposed ? job.halves.transposed : job.halves.forward;
  const [, o0, o1] = h.out;
  const out = new Float64Array(memory.buffer, output + 8 * o0, o1 - o0);
  if (leontief) out.set(new Float64Array(memory.buffer, input + 8 * o0, o1 - o0));
  else out.fill(0);
  const s = leontief ? -1 : 1;
  if (transposed) k.tilesMVT(job.table, job.transposed, h.tiles[1], h.tiles[2], job.entries, job.values, input, output, s, job.colBits);
  else k.tilesMV(job.table, job.forward, h.tiles[1], h.tiles[2], job.entries, job.values, input, output, s, job.colBits);
}

// warm-up on a couple of this thread's own tiles, as on the calling thread
const f = job.halves.forward.tiles;
const t = job.halves.transposed.tiles;
for (let r = 0; r < 20; r++) {
  k.tilesMV(job.table, job.forward, f[1], Math.min(f[2], f[1] + 2), job.entries, job.values, warm.cols, warm.rows, 1, job.colBits);
  k.tilesMVT(job.table, job.transposed, t[1], Math.min(t[2], t[1] + 2), job.entries, job.values, warm.rows, warm.cols, 1, job.colBits);
}
serve(ctrl, errorText, (op, [input, output, leontief]) => half(op === 1, leontief === 1, input, output));
