/**
 * PDLP's products on both cores (Node): the scaled matrix's CSR (rows of A) and CSC (rows of Aᵀ) already live in
 * PDLP's arena, made a shared memory when this factory is passed as `products`; RowSplit gives each thread half
 * of the non-zeros of whichever form a product reads. Below {@link PDLP_THREADS_FROM} non-zeros the handshake
 * costs more than the second core gives, and the products stay on one thread.
 */
import type { ArenaCompressed, PdlpProducts, PdlpProductsFactory } from "../engine/index.ts";
import { RowSplit } from "./rowSplit.ts";

/** Non-zeros from which PDLP's products run on two threads. */
export const PDLP_THREADS_FROM = 200_000;

/**
 * A `products` factory for PDLP that runs its products on two threads when the matrix has at least `from`
 * non-zeros (default {@link PDLP_THREADS_FROM}). Each row of a product is summed by the same kernel in the same
 * order on either thread, so the iterates are the single-thread ones.
 */
export function pdlpProductsOnTwoThreads(from = PDLP_THREADS_FROM): PdlpProductsFactory {
  return (
    memory: WebAssembly.Memory,
    csr: ArenaCompressed,
    csc: ArenaCompressed,
    warm: { n: number; m: number },
  ): PdlpProducts | undefined => {
    if (csr.val.length < from) return undefined;
    const threads = new RowSplit(memory, [
      { ...csr, warm: [warm.n, warm.m] },
      { ...csc, warm: [warm.m, warm.n] },
    ]);
    return {
      mulA: (x, y) => threads.rows(0, x, y),
      mulAt: (y, x) => threads.rows(1, y, x),
      close: () => void threads.close(),
    };
  };
}
