// Worker-thread orchestration (Node): two threads meeting on an Atomics word over one shared WebAssembly memory, for
// the Leontief solves (tiled products, BiCGSTAB) and PDLP's products. They run the compiled kernels of src/kernels and
// implement the engine's interfaces (LinearOperator, PdlpProductsFactory). This index is the room's only door.
export { Handshake } from "./handshake.ts";
export { PDLP_THREADS_FROM, pdlpProductsOnTwoThreads } from "./parallelPdlp.ts";
export { ParallelCsr, allocateSharedCsr, sharedCsr, solveLeontiefParallel } from "./parallelSparse.ts";
export type { ParallelSolve, SharedCsr } from "./parallelSparse.ts";
export { RowSplit } from "./rowSplit.ts";
export type { SharedRows } from "./rowSplit.ts";
export { TileSplit, tileHalves } from "./tileSplit.ts";
export type { TileHalves, TileJob } from "./tileSplit.ts";
