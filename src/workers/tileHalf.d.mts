import type { SparseKernels } from "../kernels/index.ts";
import type { TileJob } from "./tileSplit.ts";

export function half(
  k: SparseKernels,
  memory: WebAssembly.Memory,
  job: TileJob,
  which: 0 | 1,
  transposed: boolean,
  leontief: boolean,
  input: number,
  output: number,
): void;
export function warmHalf(k: SparseKernels, job: TileJob, which: 0 | 1, warm: { cols: number; rows: number }): void;
