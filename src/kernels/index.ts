// The compiled kernels of ioplan (WebAssembly, written in AssemblyScript under ./assembly and compiled by
// `npm run build:wasm`), with the memory they work in. Pure: no Node APIs, so the engine, its workers and the browser
// load the same bytes. This index is the room's only door.
export { WASM_MEMORY_LIMIT, WasmArena, sparseModule } from "./wasmArena.ts";
export type { SparseKernels } from "./wasmArena.ts";
export { CACHE_TILE_BITS, halfway, tileInPlace, tileShape } from "./tiles.ts";
export type { TiledMatrix, TileShape } from "./tiles.ts";
export { blockCombineKernel } from "./blockCombine.ts";
export type { BlockCombine } from "./blockCombine.ts";
export { compiledModule } from "./compiledModule.ts";
export { CompiledLeontiefTiles, arenaBicgstab, arenaVectorBytes, takeArenaVectors } from "./arenaBicgstab.ts";
export type { ArenaVectors, IterativeOptions, IterativeResult } from "./arenaBicgstab.ts";
