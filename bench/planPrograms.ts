/**
 * The benchmark plan programs: a weighted-harmony plan (5 years; every sector's final deliveries a target
 * growing 2 % a year, a labour limit, capacity 5 % over base output, investment with a capital mix) on a sparse
 * synthetic economy (bench/peers/sparse_economy.py) or on a model; written as raw arrays (bench/lpFiles.ts) so
 * every solver reads the very same program.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { LinearProgram, Matrix, PlanIndex, PlanSpec } from "../src/engine/index.ts";
import { buildPlanProgram, solveLeontief } from "../src/engine/index.ts";

const ROOT = resolve(import.meta.dirname, "..");

export function planFor(A: Matrix, x: Float64Array, f: Float64Array, seed: number): PlanSpec {
  const n = x.length;
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const years = [2021, 2022, 2023, 2024, 2025];
  const labour = Float64Array.from({ length: n }, () => 0.2 + rand());
  const labourBase = labour.reduce((a, l, i) => a + l * x[i], 0);
  const mix = Float64Array.from({ length: n }, () => (rand() < 0.1 ? rand() : 0));
  const ms = mix.reduce((a, b) => a + b, 0);
  return {
    name: `bench ${n}`,
    years,
    targets: Array.from({ length: n }, (_, i) => i)
      .filter((i) => f[i] > 0)
      .map((i) => ({
        id: `t${i}`,
        label: `t${i}`,
        sector: i,
        on: "final" as const,
        kind: "min" as const,
        values: Float64Array.from(years, (_, k) => f[i] * 1.02 ** (k + 1)),
        unit: "u",
        factor: 1,
        weight: 1 + (i % 3),
        rank: 1,
      })),
    limits: [
      {
        id: "labour",
        label: "labour",
        unit: "u",
        coefficients: Float64Array.from(labour, (l, i) => (x[i] ? (l * x[i]) / x[i] : 0)),
        values: Float64Array.from(years, (_, k) => labourBase * 1.01 ** (k + 1)),
        weight: 10,
      },
    ],
    capacity: {
      initial: Float64Array.from(x, (v) => v * 1.05),
      capitalMix: { ratio: 2, mix: mix.map((v) => v / ms) },
      leadTime: 1,
      depreciation: 0.03,
    },
  };
}

/** The synthetic economy of n sectors (generated once into `econDir`) and its base output. */
export function syntheticEconomy(econDir: string, n: number): { A: Matrix; x: Float64Array; d: Float64Array } {
  if (!existsSync(join(econDir, "shape.txt"))) {
    const g = spawnSync("python3", [join(ROOT, "bench", "peers", "sparse_economy.py"), econDir, String(n)], {
      stdio: "inherit",
    });
    if (g.status !== 0) throw new Error("generator failed");
  }
  const f64 = (p: string) => {
    const b = readFileSync(join(econDir, p));
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const i32 = (p: string) => {
    const b = readFileSync(join(econDir, p));
    return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const A: Matrix = {
    kind: "csr",
    rows: n,
    cols: n,
    rowStarts: i32("indptr.i32"),
    colIndices: i32("indices.i32"),
    values: f64("data.f64"),
  };
  const d = f64("d.f64");
  // base output for the demand d: x = (I − A)⁻¹ d, by the engine's Krylov solve to a relative residual of 1e-12
  const sol = solveLeontief(A, d, { tolerance: 1e-12 });
  if (!sol.converged) throw new Error(`base output did not converge: residual ${sol.residual}`);
  const x = sol.x;
  return { A, x, d };
}

/** The benchmark's harmony plan program on the synthetic economy of n sectors (its index: {@link syntheticPlan}). */
export function syntheticPlanProgram(econDir: string, n: number, log: (s: string) => void = () => {}): LinearProgram {
  return syntheticPlan(econDir, n, log).lp;
}

/** The benchmark's harmony plan program on the synthetic economy of n sectors, with its index. */
export function syntheticPlan(
  econDir: string,
  n: number,
  log: (s: string) => void = () => {},
): { lp: LinearProgram; index: PlanIndex } {
  let t0 = Date.now();
  const { A, x, d } = syntheticEconomy(econDir, n);
  log(`economy and base output in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  t0 = Date.now();
  const built = buildPlanProgram(A, planFor(A, x, d, n), { kind: "harmony" });
  log(`plan program built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return built;
}
