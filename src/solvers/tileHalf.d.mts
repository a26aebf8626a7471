import type { SpmvKernels } from "../engine/linalg/wasm/spmv.ts";
import type { TileJob } from "./tileSplit.ts";

export function half(
  k: SpmvKernels,
  memory: WebAssembly.Memory,
  job: TileJob,
  which: 0 | 1,
  transposed: boolean,
  leontief: boolean,
  input: number,
  output: number,
): void;
export function warmHalf(k: SpmvKernels, job: TileJob, which: 0 | 1, warm: { cols: number; rows: number }): void;
