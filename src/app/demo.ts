import type { EconomyModel, KeySectorClass } from "../engine/index.ts";
import { createLeontiefSystem, linkages, outputMultipliers, productivityCheck, satelliteMultipliers, totalFinalDemand } from "../engine/index.ts";

/** One row of the demo's sector table. */
export interface SectorAnalysisRow {
  code: string;
  name: string;
  output: number;
  outputMultiplier: number;
  valueAddedMultiplier: number;
  backwardLinkage: number;
  forwardLinkage: number;
  keySector: KeySectorClass;
}

/** What `analyseModel` returns: per-sector results with the checks behind them. */
export interface ModelAnalysis {
  model: string;
  sectors: number;
  /** Output recomputed from the table's own final demand, against the table's output. */
  reproduction: { maxRelativeError: number; worstSector: string; residual: number; method: string; status: string };
  spectralRadius: { estimate: number; upper: number };
  columnsSummingToOneOrMore: string[];
  rows: SectorAnalysisRow[];
}

/**
 * Multipliers, linkages and key sectors for an economy model, with the checks a user wants to see first:
 * the table's output reproduced from its final demand, and the productivity of A.
 */
export function analyseModel(m: EconomyModel): ModelAnalysis {
  const labels = m.sectors.map((s) => s.code);
  const sys = createLeontiefSystem(m.A, { labels });
  const f = totalFinalDemand(m);
  const sol = sys.solve(f);
  let worst = 0;
  let worstSector = "";
  for (let i = 0; i < f.length; i++) {
    if (m.x[i] === 0) continue;
    const e = Math.abs(sol.x[i] - m.x[i]) / Math.abs(m.x[i]);
    if (e > worst) {
      worst = e;
      worstSector = labels[i];
    }
  }
  const mult = outputMultipliers(sys);
  const va = new Float64Array(m.x.length);
  for (let j = 0; j < va.length; j++) {
    let s = 0;
    for (let r = 0; r < m.valueAdded.rows; r++) s += m.valueAdded.data[r * m.valueAdded.cols + j];
    va[j] = m.x[j] === 0 ? 0 : s / m.x[j];
  }
  const vaMult = satelliteMultipliers(sys, va);
  const link = linkages(sys, m.x);
  const prod = productivityCheck(m.A, labels);
  return {
    model: m.name,
    sectors: labels.length,
    reproduction: { maxRelativeError: worst, worstSector, residual: sol.residual, method: sol.method, status: sol.status },
    spectralRadius: { estimate: prod.spectralRadius.estimate, upper: prod.spectralRadius.upper },
    columnsSummingToOneOrMore: prod.columnsSummingToOneOrMore.map((c) => c.code),
    rows: m.sectors.map((s, j) => ({
      code: s.code,
      name: s.name,
      output: m.x[j],
      outputMultiplier: mult.values[j],
      valueAddedMultiplier: vaMult.values[j],
      backwardLinkage: link.backward[j],
      forwardLinkage: link.forward[j],
      keySector: link.keySector[j],
    })),
  };
}
