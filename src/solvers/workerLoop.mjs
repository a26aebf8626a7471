// The worker side of handshake.ts: says it is warm, then runs each posted operation (handler(op, args), args
// the twelve argument words) and reports it done, until operation 9.
export function serve(ctrlBuffer, handler) {
  const ctrl = new Int32Array(ctrlBuffer);
  Atomics.store(ctrl, 15, 1);
  Atomics.notify(ctrl, 15);
  let gen = 0;
  for (;;) {
    Atomics.wait(ctrl, 0, gen);
    gen = Atomics.load(ctrl, 0);
    const op = Atomics.load(ctrl, 2);
    if (op === 9) break;
    handler(op, ctrl.subarray(3, 15));
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}
