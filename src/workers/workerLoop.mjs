// The worker side of handshake.ts: says it is warm, then runs each posted operation (handler(op, args), args
// the argument words as unsigned integers: byte offsets past 2 GiB stay positive) and reports it done, until
// operation 9. An operation that throws is reported done with its error in the shared error text (word 14 set),
// so the calling thread, blocked in Atomics.wait, throws instead of waiting forever.
import { TextEncoder } from "node:util";

export function serve(ctrlBuffer, errorBuffer, handler) {
  const ctrl = new Int32Array(ctrlBuffer);
  const errorText = new Uint8Array(errorBuffer);
  Atomics.store(ctrl, 15, 1);
  Atomics.notify(ctrl, 15);
  let gen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, gen);
    gen = Atomics.load(ctrl, 0);
    const op = Atomics.load(ctrl, 2);
    if (op === 9) break;
    try {
      handler(
        op,
        Array.from(ctrl.subarray(3, 14), (v) => v >>> 0),
      );
    } catch (e) {
      const bytes = new TextEncoder().encode(String(e && e.stack ? e.stack : e)).subarray(0, errorText.length);
      errorText.fill(0);
      errorText.set(bytes);
      Atomics.store(ctrl, 14, 1);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}
