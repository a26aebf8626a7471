import { Worker } from "node:worker_threads";
import type { LinearProgram, LpProgress, LpSolution, LpSolveOptions, LpSolver } from "../engine/index.ts";
import { IoplanError } from "../engine/index.ts";

/**
 * An LpSolver in a worker thread (lpWorker.ts; one worker, solves queued): each program by the method asked for, or by
 * `auto`'s choice: HiGHS's dual simplex up to SIMPLEX_COLUMN_LIMIT columns, ioplan's own PDLP beyond (its progress
 * forwarded). The event loop stays free while it solves. Call `close()` when done (tests and servers do it in
 * `finally`); an idle worker does not keep the process alive.
 */
export class WorkerLpSolver implements LpSolver {
  /** `auto` runs HiGHS's dual simplex up to SIMPLEX_COLUMN_LIMIT columns: it takes and returns bases. */
  readonly warmStarts = true;
  private worker: Worker | undefined;
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve: (s: LpSolution) => void; reject: (e: Error) => void; onProgress?: (p: LpProgress) => void }
  >();
  private readonly memoryRequests = new Map<number, (bytes: number) => void>();

  private start(): Worker {
    if (this.worker) return this.worker;
    // From the TypeScript source a small JS entry installs tsx's loader in the thread; compiled (dist/), the worker
    // is plain JavaScript.
    const w = new Worker(
      new URL(import.meta.url.endsWith(".ts") ? "./lpWorkerEntry.mjs" : "./lpWorker.js", import.meta.url),
    );
    w.unref();
    w.on(
      "message",
      (m: { id: number; solution?: LpSolution; error?: string; memory?: number; progress?: LpProgress }) => {
        if (m.progress) {
          this.pending.get(m.id)?.onProgress?.(m.progress);
          return;
        }
        const mem = this.memoryRequests.get(m.id);
        if (mem && m.memory !== undefined) {
          this.memoryRequests.delete(m.id);
          if (this.pending.size === 0 && this.memoryRequests.size === 0) w.unref();
          mem(m.memory);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (this.pending.size === 0 && this.memoryRequests.size === 0) w.unref();
        // a program HiGHS refuses (a number beyond its 1e20 "infinity", say) is the input's problem, named, not a crash
        if (m.error !== undefined)
          p.reject(
            new IoplanError(
              "solver-refused",
              `the solver refused the program (HiGHS: ${m.error}); ` +
                "check the plan's values for numbers far beyond the model's scale",
            ),
          );
        else p.resolve(m.solution!);
      },
    );
    w.on("error", (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  solve(lp: LinearProgram, options: LpSolveOptions = {}): Promise<LpSolution> {
    const w = this.start();
    w.ref();
    const id = this.next++;
    const { onProgress, ...rest } = options;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      w.postMessage({ id, lp, options: { ...rest, progress: Boolean(onProgress) } });
    });
  }

  /** The worker's WebAssembly heap size in bytes (HiGHS's linear memory; it never shrinks). */
  memoryBytes(): Promise<number> {
    const w = this.start();
    w.ref();
    const id = this.next++;
    return new Promise((resolve) => {
      this.memoryRequests.set(id, resolve);
      w.postMessage({ id, memory: true });
    });
  }

  /** Stops the worker; pending solves are rejected. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error("solver closed"));
    this.pending.clear();
    if (w) await w.terminate();
  }
}
