import { IoplanError } from "../engine/index.ts";
import { readFileSync } from "node:fs";
import { requireSolvable } from "./solvable.ts";
import type { EconomyModel, LeontiefMethod } from "../engine/index.ts";
import { createLeontiefSystem, toCsr } from "../engine/index.ts";
import { ParallelCsr, sharedCsr, solveLeontiefParallel } from "../workers/index.ts";
import { parseCsv } from "../formats/csv.ts";
import { decimalOf, notADecimal } from "../formats/decimal.ts";

/** A demand file that cannot be used: names the file, line and value. */
export class DemandFileError extends IoplanError {
  constructor(message: string) {
    super("bad-demand-file", message);
  }
}

/**
 * Reads a final-demand vector from CSV `sector,value` (header required; sectors not listed have demand 0).
 * @throws DemandFileError naming unknown or repeated sectors, and non-numeric values, by line.
 */
export function readDemandCsv(file: string, m: EconomyModel): Float64Array {
  const recs = parseCsv(readFileSync(file, "utf8"), file);
  const h = recs[0]?.fields.map((x) => x.trim().toLowerCase()) ?? [];
  if (h[0] !== "sector" || h.length < 2)
    throw new DemandFileError(`${file}:1: header is "${recs[0]?.fields.join(",") ?? ""}"; expected "sector,value"`);
  const index = new Map(m.sectors.map((s, i) => [s.code, i]));
  const d = new Float64Array(m.sectors.length);
  const seen = new Set<string>();
  for (const r of recs.slice(1)) {
    const code = r.fields[0]?.trim() ?? "";
    const i = index.get(code);
    if (i === undefined) throw new DemandFileError(`${file}:${r.line}: sector "${code}" is not in model ${m.name}`);
    if (seen.has(code)) throw new DemandFileError(`${file}:${r.line}: sector ${code} is listed twice`);
    seen.add(code);
    const v = decimalOf(r.fields[1] ?? "", { thousands: true });
    if (!Number.isFinite(v))
      throw new DemandFileError(`${file}:${r.line}: value for ${code}: ${notADecimal(r.fields[1] ?? "")}`);
    d[i] = v;
  }
  return d;
}

/** Sparse models from this many sectors solve on both cores under "auto" (below it the handshake costs more). */
export const PARALLEL_FROM = 50_000;

/**
 * Gross output for a demand vector, per sector, with the solve's residual, method and status. "parallel" (and
 * "auto" for sparse models of {@link PARALLEL_FROM} sectors or more) runs BiCGSTAB with the products on two
 * threads in compiled code (`src/workers/parallelSparse.ts`). NaN or Infinity anywhere is status "not-finite", never
 * converged.
 * @throws NotProductiveError when the economy is proven not productive (see requireSolvable)
 */
export async function solveDemand(m: EconomyModel, d: Float64Array, method: LeontiefMethod | "parallel" = "auto") {
  const { warnings } = requireSolvable(m);
  const A = m.A;
  let s: { x: Float64Array; residual: number; iterations: number; method: string; status: string; converged: boolean };
  if (method === "parallel" || (method === "auto" && A.kind !== "dense" && A.rows >= PARALLEL_FROM)) {
    const pc = new ParallelCsr(sharedCsr(toCsr(A)));
    try {
      const r = solveLeontiefParallel(pc, d);
      const finite = Number.isFinite(r.residual) && r.x.every(Number.isFinite);
      s = { ...r, status: finite ? r.status : "not-finite", converged: finite && r.status === "converged" };
    } finally {
      await pc.close();
    }
  } else s = createLeontiefSystem(A, { labels: m.sectors.map((x) => x.code) }).solve(d, { method });
  return {
    model: m.name,
    warnings,
    residual: s.residual,
    iterations: s.iterations,
    method: s.method,
    status: s.status,
    converged: s.converged,
    sectors: m.sectors.map((sec, i) => ({ code: sec.code, name: sec.name, demand: d[i], output: s.x[i] })),
  };
}
