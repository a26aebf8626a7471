/**
 * One fuzz worker: runs one target over a range of inputs and reports each outcome to the harness, which watches the
 * time between reports (a hang is an input that does not report within the limit).
 */
import { rmSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { isInputError } from "../src/cli/inputErrors.ts";
import { nthInput } from "./mutate.ts";
import { scratchDir, targets } from "./targets.ts";

export interface WorkerJob {
  target: number;
  seed: number;
  from: number;
  to: number;
  maxBytes: number;
}

export type WorkerReport =
  | { k: number; started: true }
  | { k: number; outcome: "ok" | "refused" | "skipped" }
  | { k: number; outcome: "crash" | "nonfinite"; detail: string };

/** Whether any number reachable from `v` is NaN or infinite (typed arrays, arrays, plain objects). */
function nonFinite(v: unknown, depth = 0): boolean {
  if (typeof v === "number") return !Number.isFinite(v);
  if (depth > 6 || v === null || typeof v !== "object") return false;
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === "number" && !Number.isFinite(a[i])) return true;
    return false;
  }
  return Object.values(v as object).some((x) => nonFinite(x, depth + 1));
}

const job = workerData as WorkerJob;
const target = targets()[job.target];
const post = (r: WorkerReport) => parentPort!.postMessage(r);
for (let k = job.from; k < job.to; k++) {
  const input = nthInput(target.seeds, job.seed, k);
  if (input.length > job.maxBytes) {
    post({ k, outcome: "skipped" });
    continue;
  }
  post({ k, started: true });
  const scratch = scratchDir();
  try {
    const result = await target.run(input, scratch);
    post(
      nonFinite(result) ? { k, outcome: "nonfinite", detail: "a result holds NaN or Infinity" } : { k, outcome: "ok" },
    );
  } catch (e) {
    if (isInputError(e) || (e as Error)?.name === "Refused") post({ k, outcome: "refused" });
    else post({ k, outcome: "crash", detail: ((e as Error)?.stack ?? String(e)).split("\n").slice(0, 4).join("\n") });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
