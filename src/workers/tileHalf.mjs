// One thread's half of a tiled product (tileSplit.ts), in plain JavaScript so that the calling thread and the
// worker (tileWorker.mjs, which runs plain JavaScript) run the very same code. Types: tileHalf.d.mts.

/** Half `which` (0 or 1) of a product: its part of the output set to 0 (or to x), then its tiles added. */
export function half(k, memory, job, which, transposed, leontief, input, output) {
  const h = transposed ? job.halves.transposed : job.halves.forward;
  const o0 = h.out[which];
  const o1 = h.out[which + 1];
  const out = new Float64Array(memory.buffer, output + 8 * o0, o1 - o0);
  if (leontief) out.set(new Float64Array(memory.buffer, input + 8 * o0, o1 - o0));
  else out.fill(0);
  const s = leontief ? -1 : 1;
  if (transposed)
    k.tilesMVT(
      job.table,
      job.transposed,
      h.tiles[which],
      h.tiles[which + 1],
      job.entries,
      job.values,
      input,
      output,
      s,
      job.colBits,
    );
  else
    k.tilesMV(
      job.table,
      job.forward,
      h.tiles[which],
      h.tiles[which + 1],
      job.entries,
      job.values,
      input,
      output,
      s,
      job.colBits,
    );
}

/**
 * Runs the kernels on two of half `which`'s tiles, twenty times, so that V8 compiles them optimised before the
 * first full product (its baseline code is about 3× slower); `warm` vectors' contents are lost.
 */
export function warmHalf(k, job, which, warm) {
  const f = job.halves.forward.tiles;
  const t = job.halves.transposed.tiles;
  for (let r = 0; r < 20; r++) {
    k.tilesMV(
      job.table,
      job.forward,
      f[which],
      Math.min(f[which + 1], f[which] + 2),
      job.entries,
      job.values,
      warm.cols,
      warm.rows,
      1,
      job.colBits,
    );
    k.tilesMVT(
      job.table,
      job.transposed,
      t[which],
      Math.min(t[which + 1], t[which] + 2),
      job.entries,
      job.values,
      warm.rows,
      warm.cols,
      1,
      job.colBits,
    );
  }
}
