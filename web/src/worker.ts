/// <reference lib="webworker" />
/**
 * The dashboard's Web Worker: the same engine code as the CLI and the server (createLeontiefSystem,
 * quickCheck), recomputing a one-year feasibility check at every control change. The model's coefficients
 * are factored once per model; each recompute is then a pair of triangular solves.
 */
import {
  DENSE_LU_LIMIT,
  createLeontiefSystem,
  csrFromTriplets,
  quickCheck,
  quickScenario,
} from "../../src/engine/index.ts";
import type { LeontiefSystem, QuickControls } from "../../src/engine/index.ts";

export interface ModelData {
  id: string;
  n: number;
  sectors: { code: string; name: string }[];
  A: { rows: number[]; cols: number[]; values: number[] };
  x: number[];
  finalDemand: number[];
  importsPerUnit: number[] | null;
  capacities: number[] | null;
  /** The model declares negative coefficients (scrap, subsidies) as real. */
  allowNegative: boolean;
}

/** The editor's controls: the engine's quick-check changes. */
export type Controls = QuickControls & { importCap: number | null };

export type Request = { kind: "load"; model: ModelData } | { kind: "recompute"; seq: number; controls: Controls };

let model: ModelData | undefined;
let sys: LeontiefSystem | undefined;

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<Request>) => {
  const m = e.data;
  try {
    if (m.kind === "load") {
      const t0 = performance.now();
      model = m.model;
      const A = csrFromTriplets(
        model.n,
        model.n,
        {
          rows: Int32Array.from(model.A.rows),
          cols: Int32Array.from(model.A.cols),
          values: Float64Array.from(model.A.values),
        },
        { allowNegative: model.allowNegative },
      );
      // up to a few thousand sectors LU is factored once and each recompute is a pair of triangular solves
      sys = createLeontiefSystem(A, {
        labels: model.sectors.map((s) => s.code),
        method: model.n <= DENSE_LU_LIMIT ? "lu" : "auto",
      });
      // factor now, so that the first slider move is as fast as the rest; the output the unchanged demand needs is
      // the baseline every change is measured against
      const baseline = sys.solve(Float64Array.from(model.finalDemand, (v) => Math.max(0, v))).x;
      scope.postMessage({ kind: "loaded", id: model.id, ms: performance.now() - t0, baseline: Array.from(baseline) });
      return;
    }
    if (!model || !sys) throw new Error("no model loaded");
    const t0 = performance.now();
    const codes = model.sectors.map((s) => s.code);
    const r = quickCheck(
      sys,
      quickScenario(
        {
          codes,
          x: model.x,
          finalDemand: model.finalDemand,
          capacities: model.capacities,
          importsPerUnit: model.importsPerUnit,
        },
        m.controls,
      ),
      codes,
    );
    scope.postMessage({
      kind: "result",
      seq: m.seq,
      ms: performance.now() - t0,
      result: { ...r, output: Array.from(r.output) },
    });
  } catch (err) {
    scope.postMessage({ kind: "error", message: (err as Error).message });
  }
};
