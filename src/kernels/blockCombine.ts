import { BLOCK_COMBINE_WASM } from "./blockCombineBytes.ts";
import { compiledModule } from "./compiledModule.ts";

/**
 * The SIMD row combination of the block Leontief solves (assembly/blockCombine.ts): for rows r of a CSR
 * (starts, idx, vals) from `from` to `to` − 1 (downwards when `descending` ≠ 0), dst row (r − dstOff) =
 * [init row r, when init ≠ 0] + Σ_p vals[p]·src row idx[p], then times invDiag[r] when invDiag ≠ 0. Rows of
 * 2·m2 doubles; every pointer a byte offset into the instance's memory (0 = absent for init and invDiag).
 */
export type BlockCombine = (
  from: number,
  to: number,
  descending: number,
  starts: number,
  idx: number,
  vals: number,
  src: number,
  dst: number,
  dstOff: number,
  m2: number,
  init: number,
  invDiag: number,
) => void;

let module: WebAssembly.Module | null | undefined;

/**
 * The block-combine kernel on `memory`, or null where WebAssembly or its SIMD is missing (the caller then uses its
 * JavaScript loops).
 */
export function blockCombineKernel(memory: WebAssembly.Memory): BlockCombine | null {
  if (typeof WebAssembly === "undefined") return null;
  if (module === undefined) {
    try {
      module = compiledModule(BLOCK_COMBINE_WASM);
    } catch {
      module = null;
    }
  }
  if (module === null) return null;
  return new WebAssembly.Instance(module, { env: { memory } }).exports.combine as BlockCombine;
}
