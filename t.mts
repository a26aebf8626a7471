import { checkPlan, denseMatrix, optimisePlan } from "./src/engine/index.ts";
import type { PlanSpec } from "./src/engine/index.ts";
import { nativeHighsSolver } from "./src/solvers/highsNative.ts";
import { HighsWorkerSolver } from "./src/solvers/highsWorkerSolver.ts";
const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
const plan: PlanSpec = { name: "mb", years: [2025], targets: [
  { id: "f1", label: "f1", sector: 0, on: "final", kind: "min", values: Float64Array.of(600), unit: "$", factor: 1, weight: 1, rank: 1 },
  { id: "f2", label: "f2", sector: 1, on: "final", kind: "min", values: Float64Array.of(1500), unit: "$", factor: 1, weight: 1, rank: 2 }],
  limits: [{ id: "labour", label: "labour", unit: "wy", coefficients: Float64Array.of(0.3, 0.25), values: Float64Array.of(800), weight: 1 }],
  capacity: { initial: Float64Array.of(Infinity, Infinity), leadTime: 1, depreciation: 0 } };
const w = new HighsWorkerSolver(); const nat = nativeHighsSolver();
for (const [name, s] of [["wasm", w], ["native", nat]] as const) {
  const c = await checkPlan(A, plan, s, ["S1", "S2"]);
  const o = await optimisePlan(A, plan, s, { sectorNames: ["S1", "S2"] });
  console.log(name, c.feasible, c.relaxations.map((r) => r.amount.toFixed(4)), o.objective.toFixed(6), o.fulfilment.map((f) => f.share.toFixed(6)), o.bottlenecks.map((b) => b.shadowPrice.toExponential(4)), o.solver.method);
}
await w.close();
