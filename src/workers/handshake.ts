/**
 * The meeting point of the calling thread and one worker over shared memory (rowSplit.ts, tileSplit.ts): a
 * control block of Int32 words (0 generation, 1 done, 2 operation, 3–14 arguments, 15 the worker is warm) on
 * which the caller posts an operation and waits for it with Atomics (about 20–50 µs a round), so that the
 * products, and the solvers built on them, stay synchronous. The worker side is workerLoop.mjs.
 */
import { Worker } from "node:worker_threads";

const WARM = 15;

export class Handshake {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(64));
  private readonly errorText = new Uint8Array(new SharedArrayBuffer(2048));
  private readonly worker: Worker;
  private gen = 0;

  /**
   * Starts the worker at `url` with `data` (plus the control block as `ctrl`), runs `warmUp` here meanwhile, and
   * returns once the worker has warmed up too (within 30 s).
   */
  constructor(url: URL, data: Record<string, unknown>, warmUp: () => void) {
    this.worker = new Worker(url, {
      workerData: { ...data, ctrl: this.ctrl.buffer, errorText: this.errorText.buffer },
    });
    this.worker.unref();
    warmUp();
    // the worker's 'error' event cannot arrive while this thread waits: hence the deadline
    const deadline = Date.now() + 30_000;
    while (Atomics.load(this.ctrl, WARM) === 0) {
      if (Date.now() > deadline) {
        void this.worker.terminate();
        throw new Error(`the product worker (${url.pathname.split("/").pop()}) did not start within 30 s`);
      }
      Atomics.wait(this.ctrl, WARM, 0, 50);
    }
  }

  /** Posts operation `op` with up to eleven integer arguments (below 2³²); the worker starts on it at once. */
  post(op: number, ...args: number[]): void {
    const c = this.ctrl;
    Atomics.store(c, 1, 0);
    Atomics.store(c, 2, op);
    if (args.length > 11) throw new RangeError(`at most eleven arguments; ${args.length} given`);
    args.forEach((a, i) => Atomics.store(c, 3 + i, a | 0));
    Atomics.store(c, 0, ++this.gen);
    Atomics.notify(c, 0);
  }

  /**
   * Waits until the worker has finished the posted operation.
   * @throws Error with the worker's error when the operation failed there (the worker keeps serving).
   */
  wait(): void {
    while (Atomics.load(this.ctrl, 1) === 0) Atomics.wait(this.ctrl, 1, 0);
    if (Atomics.load(this.ctrl, 14) !== 0) {
      Atomics.store(this.ctrl, 14, 0);
      const end = this.errorText.indexOf(0);
      throw new Error(
        `the product worker failed: ${new TextDecoder().decode(this.errorText.slice(0, end < 0 ? undefined : end))}`,
      );
    }
  }

  /** Stops the worker (operation 9; it exits after its current one). */
  close(): Promise<number> {
    this.post(9);
    return this.worker.terminate();
  }
}
