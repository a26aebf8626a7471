/**
 * The machine's memory bandwidth, measured now: a STREAM-style triad a = b + s·c over arrays far larger than
 * the caches, in JavaScript (one thread, and two threads over shared memory) and in numpy. Prints one JSON line
 * with the best of five runs each, in bytes per second (3 × 8 bytes per element: two reads and one write).
 */
import { spawnSync } from "node:child_process";
import { Worker } from "node:worker_threads";

const N = 1 << 24;
const mk = () => new Float64Array(new SharedArrayBuffer(N * 8)).fill(1);
const a = mk();
const b = mk();
const c = mk();
const triad = (from: number, to: number) => {
  for (let i = from; i < to; i++) a[i] = b[i] + 3 * c[i];
};
let one = Infinity;
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  triad(0, N);
  one = Math.min(one, (performance.now() - t) / 1000);
}
// two threads: a worker does the second half
const src = `const { workerData, parentPort } = require("node:worker_threads");
const a = new Float64Array(workerData.a), b = new Float64Array(workerData.b), c = new Float64Array(workerData.c);
parentPort.on("message", () => { for (let i = workerData.from; i < workerData.to; i++) a[i] = b[i] + 3 * c[i]; parentPort.postMessage(0); });`;
const w = new Worker(src, { eval: true, workerData: { a: a.buffer, b: b.buffer, c: c.buffer, from: N / 2, to: N } });
await new Promise((r) => setTimeout(r, 100));
let two = Infinity;
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  const done = new Promise((res) => w.once("message", res));
  w.postMessage(0);
  triad(0, N / 2);
  await done;
  two = Math.min(two, (performance.now() - t) / 1000);
}
await w.terminate();
const py = spawnSync(
  "python3",
  [
    "-c",
    `import numpy as np, time
n = 1 << 24; b = np.ones(n); c = np.ones(n); a = np.empty(n); best = 1e9
for _ in range(5):
    t = time.perf_counter(); np.multiply(c, 3.0, out=a); np.add(a, b, out=a); best = min(best, time.perf_counter() - t)
# two numpy passes move 5 × 8 bytes per element (read c, write a; read a and b, write a)
print(5 * 8 * n / best)`,
  ],
  { encoding: "utf8" },
);
const bytes = 3 * 8 * N;
console.log(
  JSON.stringify({ js_one_thread: bytes / one, js_two_threads: bytes / two, numpy: Number(py.stdout.trim()) }),
);
