import { readFileSync } from "node:fs";
import type { EconomyModel, LeontiefMethod } from "../engine/index.ts";
import { createLeontiefSystem } from "../engine/index.ts";
import { parseCsv } from "../formats/csv.ts";

/** A demand file that cannot be used: names the file, line and value. */
export class DemandFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DemandFileError";
  }
}

/**
 * Reads a final-demand vector from CSV `sector,value` (header required; sectors not listed have demand 0).
 * @throws DemandFileError naming unknown or repeated sectors, and non-numeric values, by line.
 */
export function readDemandCsv(file: string, m: EconomyModel): Float64Array {
  const recs = parseCsv(readFileSync(file, "utf8"), file);
  const h = recs[0]?.fields.map((x) => x.trim().toLowerCase()) ?? [];
  if (h[0] !== "sector" || h.length < 2) throw new DemandFileError(`${file}:1: header is "${recs[0]?.fields.join(",") ?? ""}"; expected "sector,value"`);
  const index = new Map(m.sectors.map((s, i) => [s.code, i]));
  const d = new Float64Array(m.sectors.length);
  const seen = new Set<string>();
  for (const r of recs.slice(1)) {
    const code = r.fields[0]?.trim() ?? "";
    const i = index.get(code);
    if (i === undefined) throw new DemandFileError(`${file}:${r.line}: sector "${code}" is not in model ${m.name}`);
    if (seen.has(code)) throw new DemandFileError(`${file}:${r.line}: sector ${code} is listed twice`);
    seen.add(code);
    const v = Number(r.fields[1]);
    if (r.fields[1] === undefined || r.fields[1].trim() === "" || !Number.isFinite(v)) throw new DemandFileError(`${file}:${r.line}: value "${r.fields[1] ?? ""}" for ${code} is not a number`);
    d[i] = v;
  }
  return d;
}

/** Gross output for a demand vector, per sector, with the solve's residual, method and status. */
export function solveDemand(m: EconomyModel, d: Float64Array, method: LeontiefMethod = "auto") {
  const s = createLeontiefSystem(m.A, { labels: m.sectors.map((x) => x.code) }).solve(d, { method });
  return {
    model: m.name,
    residual: s.residual,
    iterations: s.iterations,
    method: s.method,
    status: s.status,
    converged: s.converged,
    sectors: m.sectors.map((sec, i) => ({ code: sec.code, name: sec.name, demand: d[i], output: s.x[i] })),
  };
}
