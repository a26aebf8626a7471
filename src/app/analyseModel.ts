import type { AnalysisConvention, EconomyModel, KeySectorClass } from "../engine/index.ts";
import { requireSolvable } from "./solvable.ts";
import {
  IoplanError,
  closeForHouseholds,
  createLeontiefSystem,
  formatNumber,
  spectralRadiusBounds,
  linkages,
  outputMultipliers,
  satelliteMultipliers,
  totalFinalDemand,
  typeIIMultipliers,
} from "../engine/index.ts";
import { spectralRadius } from "../engine/index.ts";
import type { SpectralRadius } from "../engine/index.ts";
import { peerSections } from "./analysisSections.ts";
import type { AnalysisSections, SectorSectionFields } from "./analysisSections.ts";

/** One row of a model analysis: a sector's multipliers, linkages and class. */
export interface SectorAnalysisRow {
  code: string;
  name: string;
  output: number;
  /** Type I output multiplier: column sum of the Leontief inverse. */
  outputMultiplier: number;
  /** Type II output multiplier (households closed), where the model has a labour-income row and household demand. */
  outputMultiplierTypeII?: number;
  /** Value added per unit of final demand, where the model has value-added rows. */
  valueAddedMultiplier?: number;
  /** Employment per unit of final demand (the satellite's unit per model unit), where the model has it. */
  employmentMultiplier?: number;
  /** Rasmussen's power of dispersion: n·(column sum of L)/ΣL. */
  backwardLinkage: number;
  /** Rasmussen's sensitivity of dispersion: n·(row sum of L)/ΣL (Leontief-based). */
  forwardLinkage: number;
  /** Forward linkage from the Ghosh inverse: n·(row sum of G)/ΣG, Miller & Blair's preferred measure. */
  forwardLinkageGhosh: number;
  /** Key-sector class from backwardLinkage and forwardLinkage (each above 1 or not). */
  keySector: KeySectorClass;
}

/** What to add to an analysis beside the multipliers and linkages, and whose definitions to follow. */
export interface AnalyseOptions {
  /** Whose definitions the quantities that peers define differently follow (default `ioplan`). */
  convention?: AnalysisConvention;
  /** Coefficients of variation of the power and sensitivity of dispersion (n + 1 solves). */
  dispersion?: boolean;
  /** The multiplier product matrix, with its `top` largest entries. */
  multiplierProduct?: { top: number };
  /** The field of influence of the coefficient a_ij, by sector codes (row: the supplier, column: the buyer). */
  fieldOfInfluence?: { row: string; column: string; epsilon?: number; top: number };
  /** Hypothetical extraction of each sector (n solves; fio's beside ioplan's with the `fio` convention). */
  extraction?: boolean;
}

/** What `analyseModel` returns: per-sector results with the checks behind them, and the sections asked for. */
export interface ModelAnalysis extends AnalysisSections {
  model: string;
  sectors: number;
  /** Output recomputed from the table's own final demand, against the table's output. */
  reproduction: { maxRelativeError: number; worstSector: string; residual: number; method: string; status: string };
  /**
   * ρ(A) (of |A| when A has negative coefficients), with its proven bounds; `closed` when they meet to 1e-6 relative.
   */
  spectralRadius: SpectralRadius;
  columnsSummingToOneOrMore: string[];
  /** How households were closed for Type II, or why they were not. */
  typeII: { labourIncomeRow: string; householdDemand: string } | { unavailable: string };
  employment?: { satellite: string; unit: string };
  /** Conditioning and productivity warnings (see requireSolvable). */
  warnings: string[];
  /** The convention the figures below follow where peers differ, and what it changed in this analysis. */
  convention: AnalysisConvention;
  conventionNotes: string[];
  rows: (SectorAnalysisRow & SectorSectionFields)[];
}

/** Up to this many sectors an analysis factorises (I − A) by LU (about 1 s at 1,000 sectors in JavaScript). */
export const ANALYSIS_LU_LIMIT = 1000;

const LABOUR_ROW = /^(V001|V00100|COMP|LAB|compensation|wages|labou?r)/i;
const HOUSEHOLD_FD = /^(F010|F01000|CONS_h|households?|HH|PCE)$/i;
const EMPLOYMENT = /^(EMP|employment|jobs|persons|labou?r)$/i;

/** The largest relative error of output reproduced from final demand, and its sector. */
function reproductionError(m: EconomyModel, x: Float64Array, labels: string[]) {
  const n = labels.length;
  let worst = 0;
  let worstSector = "";
  for (let i = 0; i < n; i++) {
    if (m.x[i] === 0) continue;
    const e = Math.abs(x[i] - m.x[i]) / Math.abs(m.x[i]);
    if (e > worst) {
      worst = e;
      worstSector = labels[i];
    }
  }
  return { worst, worstSector };
}

/**
 * Type II output multipliers, households closed with the labour-income row and household final demand, or why
 * there are none (no such row or column, a closed system that is not productive, or a solve that failed).
 */
function typeIIOf(m: EconomyModel, labels: string[]): { typeII: ModelAnalysis["typeII"]; t2?: Float64Array } {
  const n = labels.length;
  const perOutput = (v: (j: number) => number) =>
    Float64Array.from({ length: n }, (_, j) => (m.x[j] === 0 ? 0 : v(j) / m.x[j]));
  const labourRow = m.valueAddedRows.findIndex((r) => LABOUR_ROW.test(r));
  const hhCol = m.finalDemandCategories.findIndex((c) => HOUSEHOLD_FD.test(c));
  let typeII: ModelAnalysis["typeII"];
  let t2: Float64Array | undefined;
  if (labourRow >= 0 && hhCol >= 0) {
    let income = 0;
    for (let j = 0; j < n; j++) income += m.valueAdded.data[labourRow * n + j];
    const hR = perOutput((j) => m.valueAdded.data[labourRow * n + j]);
    const k = m.finalDemand.cols;
    const hC = Float64Array.from({ length: n }, (_, i) => m.finalDemand.data[i * k + hhCol] / income);
    const closure = `households closed with ${m.valueAddedRows[labourRow]} and ${m.finalDemandCategories[hhCol]}`;
    try {
      // the closed system [A h_C; h_Rᵀ 0] must itself be productive, or its "multipliers" are meaningless numbers
      const rho = spectralRadiusBounds(closeForHouseholds(m.A, hR, hC), { threshold: 1, maxIterations: 5000 });
      const r = rho.lower >= 1 ? undefined : typeIIMultipliers(m.A, hR, hC, { labels });
      const bad = r ? r.outputMultipliers.findIndex((v) => !Number.isFinite(v)) : -1;
      if (!r)
        typeII = {
          unavailable:
            `${closure}: the closed system is not productive (its spectral radius is at least ` +
            `${formatNumber(rho.lower)}: households buy more per unit of income than a round of production ` +
            `pays them)`,
        };
      else if (r.solve.status !== "converged" || bad >= 0)
        typeII = {
          unavailable:
            `${closure}: the closed system's solve ended "${r.solve.status}" (residual ` +
            `${r.solve.residual.toExponential(1)})`,
        };
      else {
        t2 = r.outputMultipliers;
        typeII = { labourIncomeRow: m.valueAddedRows[labourRow], householdDemand: m.finalDemandCategories[hhCol] };
      }
    } catch (e) {
      if (!(e instanceof IoplanError)) throw e;
      typeII = { unavailable: `${closure}: ${e.message}` };
    }
  } else {
    typeII = {
      unavailable:
        `needs a labour-income value-added row (${labourRow >= 0 ? "found" : "none found"}) and a household ` +
        `final-demand column (${hhCol >= 0 ? "found" : "none found"})`,
    };
  }
  return { typeII, t2 };
}

/**
 * Multipliers, linkages and key sectors for an economy model, with the checks a user wants to see first:
 * the table's output reproduced from its final demand, and the productivity of A. Type II multipliers close
 * households with the labour-income row (compensation of employees) and household final demand when both
 * exist (Miller & Blair 2009, §6.2.2): h_R = compensation / output, h_C = household demand / total compensation.
 * `options` add the peer-sensitive sections (dispersion coefficients of variation, the multiplier product matrix,
 * a field of influence, hypothetical extraction) and choose whose definitions they follow.
 * @throws NotProductiveError when the economy is proven not productive (the sectors named)
 * @throws UnknownSectorError when a field of influence names a code that is not a sector (valid codes listed)
 */
export function analyseModel(m: EconomyModel, options: AnalyseOptions = {}): ModelAnalysis {
  const { warnings, report: prod } = requireSolvable(m);
  const labels = m.sectors.map((s) => s.code);
  const n = labels.length;
  // an analysis makes many solves and its multipliers should be exact to rounding: LU up to ANALYSIS_LU_LIMIT sectors
  // (402 sectors: 56 ms to factor, under 1 ms a solve; BiCGSTAB stops at a 1e-10 residual)
  const sys = createLeontiefSystem(m.A, { labels, ...(n <= ANALYSIS_LU_LIMIT ? { method: "lu" as const } : {}) });
  const f = totalFinalDemand(m);
  const sol = sys.solve(f);
  const { worst, worstSector } = reproductionError(m, sol.x, labels);
  const perOutput = (v: (j: number) => number) =>
    Float64Array.from({ length: n }, (_, j) => (m.x[j] === 0 ? 0 : v(j) / m.x[j]));
  const mult = outputMultipliers(sys);
  let vaMult: Float64Array | undefined;
  if (m.valueAddedRows.length) {
    vaMult = satelliteMultipliers(
      sys,
      perOutput((j) => {
        let s = 0;
        for (let r = 0; r < m.valueAdded.rows; r++) s += m.valueAdded.data[r * n + j];
        return s;
      }),
    ).values;
  }
  const emp = m.satellites.find((s) => EMPLOYMENT.test(s.code));
  const empMult = emp
    ? satelliteMultipliers(
        sys,
        perOutput((j) => emp.values[j]),
      ).values
    : undefined;
  const { typeII, t2 } = typeIIOf(m, labels);
  const link = linkages(sys, m.x);
  const sections = peerSections(m, sys, f, link, options);
  warnings.push(...sections.warnings);
  return {
    warnings,
    model: m.name,
    sectors: n,
    reproduction: {
      maxRelativeError: worst,
      worstSector,
      residual: sol.residual,
      method: sol.method,
      status: sol.status,
    },
    spectralRadius: spectralRadius(m.A),
    columnsSummingToOneOrMore: prod.columnsSummingToOneOrMore.map((c) => c.code),
    typeII,
    employment: emp ? { satellite: emp.code, unit: `${emp.unit} per ${m.unit}` } : undefined,
    convention: sections.convention,
    conventionNotes: sections.notes,
    ...sections.sections,
    rows: m.sectors.map((s, j) => ({
      code: s.code,
      name: s.name,
      output: m.x[j],
      outputMultiplier: mult.values[j],
      ...(t2 ? { outputMultiplierTypeII: t2[j] } : {}),
      ...(vaMult ? { valueAddedMultiplier: vaMult[j] } : {}),
      ...(empMult ? { employmentMultiplier: empMult[j] } : {}),
      backwardLinkage: link.backward[j],
      forwardLinkage: link.forward[j],
      forwardLinkageGhosh: link.forwardGhosh[j],
      keySector: link.keySector[j],
      ...sections.rowFields(j),
    })),
  };
}
