// The sparse module (../sparseBytes.ts): CSR and tiled products and the fused vector passes, one WebAssembly module.
export { rowsMV, rowsLeontief } from "./sparse";
export { tilesMV, tilesMVT } from "./tiles";
export { dot, bicgP, bicgS, bicgX, dot2, residual, axpy, pdhgPrimal, pdhgDual, halpern, combine } from "./vectors";
