// A worker for the handshake test: operation 1 adds its two arguments into the shared result; operation 2 throws.
import { workerData } from "node:worker_threads";
import { serve } from "../../src/workers/workerLoop.mjs";

const out = new Float64Array(workerData.result);
serve(workerData.ctrl, workerData.errorText, (op, [a, b]) => {
  if (op === 2) throw new RangeError(`no such vector at byte ${a}`);
  out[0] = a + b;
});
