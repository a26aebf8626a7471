/**
 * The sections of a model analysis that peers define differently (dispersion coefficients of variation, the
 * multiplier product matrix, a field of influence, hypothetical extraction, the A-based linkages), computed in the
 * convention asked for and each saying which one and what it is.
 */
import type { AnalysisConvention, EconomyModel, LeontiefSystem, LinkageResult, MatrixEntry } from "../engine/index.ts";
import {
  IoplanError,
  dispersionVariation,
  fieldOfInfluence,
  fioHypotheticalExtraction,
  hypotheticalExtraction,
  largestInfluences,
  largestMultiplierProducts,
  multiplierProductMatrix,
} from "../engine/index.ts";
import type { AnalyseOptions } from "./analyseModel.ts";

/** A field of influence or analysis that names a code the model does not have: lists what is valid. */
export class UnknownSectorError extends IoplanError {
  constructor(message: string) {
    super("unknown-sector", message);
  }
}

/** An entry of a matrix over sectors, named by sector codes. */
export interface SectorEntry {
  row: string;
  column: string;
  value: number;
}

/** The optional sections of a {@link ModelAnalysis}, present when asked for. */
export interface AnalysisSections {
  dispersion?: { convention: AnalysisConvention; definition: string; residual: number };
  multiplierProduct?: {
    convention: AnalysisConvention;
    definition: string;
    total: number;
    rowSums: number[];
    columnSums: number[];
    largest: SectorEntry[];
    residual: number;
  };
  fieldOfInfluence?: {
    convention: AnalysisConvention;
    definition: string;
    row: string;
    column: string;
    lji: number;
    total: number;
    sumOfSquares: number;
    epsilon: number;
    finiteDifferenceSumOfSquares: number;
    largest: SectorEntry[];
    leontiefColumn: number[];
    leontiefRow: number[];
    residual: number;
  };
  /**
   * ioplan's extraction (rows' `extraction`), and fio's beside it (rows' `extractionFio`) with the `fio` convention.
   */
  extraction?: {
    convention: "ioplan";
    definition: string;
    baseOutput: number;
    fio?: { definition: string; totalProduction: number };
    residual: number;
  };
}

/** Per-sector fields the sections add to each row of an analysis. */
export interface SectorSectionFields {
  /** Coefficient of variation of the power of dispersion (the analysis's convention). */
  powerDispersionCV?: number;
  /** Coefficient of variation of the sensitivity of dispersion (the analysis's convention). */
  sensitivityDispersionCV?: number;
  /** leontief's `backward_linkage`: column sums of A (with the `leontief` convention). */
  backwardLinkageLeontief?: number;
  /** leontief's `forward_linkage`: row sums of A (with the `leontief` convention). */
  forwardLinkageLeontief?: number;
  /** ioplan's hypothetical extraction: losses of total output, in the model's unit. */
  extraction?: { total: number; backward: number; forward: number };
  /** fio's hypothetical extraction: new total output − total production (negative: a loss). */
  extractionFio?: { backward: number; forward: number; total: number };
}

export const DEFINITIONS = {
  dispersion: {
    ioplan:
      "coefficient of variation of column j (power) and row i (sensitivity) of L: sqrt(Σ(L − mean)²/(n − " +
      "1))/mean (Rasmussen 1956, as Hazari 1970 and Vale & Perobelli 2020 write it)",
    peer:
      "fio's and leontief's power_dispersion_cv and sensitivity_dispersion_cv: row i's deviations from each " +
      "column's mean over column i's mean (and the twin for rows), as their code computes and fio's vignette " +
      "prints",
  },
  multiplierProduct: {
    ioplan: "m_ij = (row sum i of L)·(column sum j of L)/V, V = ΣL (Sonis & Hewings); row i sells, column j buys",
    leontief:
      "leontief's multiplier_product_matrix: m_ij = (column sum i of L)·(row sum j of L)/V, the transpose of " +
      "Sonis & Hewings'",
  },
  field:
    "first order, F = L·i ⊗ Lj· (Sonis & Hewings 1989): F_kl = L_ki·L_jl, the change of L per unit change of " +
    "a_ij; exactly ΔL = ε/(1 − ε·L_ji)·F",
  fioField: "fio's field_influence entry: Σ((L(ε) − L)/ε)², the finite-difference field's squares summed",
  extraction:
    "losses of total output against the model's own solution L·f, the sector's own use kept (Dietzenbacher & " +
    "van der Linden 1997): total removes the sector, backward its purchases, forward (Ghosh) its sales",
  fioExtraction:
    "fio's compute_hypothetical_extraction: new total output − total production, the whole column of A (row " +
    "of B) zeroed, diagonal included; total = backward + forward; primary inputs v = x − column sums of Z",
} as const;

interface Built {
  convention: AnalysisConvention;
  notes: string[];
  warnings: string[];
  sections: AnalysisSections;
  rowFields: (j: number) => SectorSectionFields;
}

/** Builds the sections `options` ask for. */
export function peerSections(
  m: EconomyModel,
  sys: LeontiefSystem,
  f: Float64Array,
  link: LinkageResult,
  options: AnalyseOptions,
): Built {
  const convention = options.convention ?? "ioplan";
  const codes = m.sectors.map((s) => s.code);
  const notes: string[] = [];
  const warnings: string[] = [];
  const sections: AnalysisSections = {};
  const fields: SectorSectionFields[] = codes.map(() => ({}));
  const check = (what: string, r: { converged: boolean; residual: number }) => {
    if (!r.converged)
      warnings.push(`${what}: a solve did not converge (relative residual ${r.residual.toExponential(1)})`);
  };
  if (convention === "leontief") {
    notes.push(
      "linkages: leontief's backward_linkage and forward_linkage are the column and row sums of A, given " +
        "beside ioplan's Rasmussen and Ghosh linkages",
    );
    codes.forEach((_, j) =>
      Object.assign(fields[j], {
        backwardLinkageLeontief: link.directBackward[j],
        forwardLinkageLeontief: link.rowSumsOfA[j],
      }),
    );
  }
  if (convention === "fio")
    notes.push("linkages: fio's key sectors use the same power and sensitivity of dispersion as ioplan");
  if (options.dispersion) {
    const d = dispersionVariation(sys, { convention });
    check("dispersion", d);
    sections.dispersion = {
      convention,
      definition: convention === "ioplan" ? DEFINITIONS.dispersion.ioplan : DEFINITIONS.dispersion.peer,
      residual: d.residual,
    };
    codes.forEach((_, j) =>
      Object.assign(fields[j], { powerDispersionCV: d.power[j], sensitivityDispersionCV: d.sensitivity[j] }),
    );
  }
  if (options.multiplierProduct) {
    const mpm = multiplierProductMatrix(sys, { convention: convention === "leontief" ? "leontief" : "ioplan" });
    check("multiplier product matrix", mpm);
    if (convention === "fio")
      notes.push("multiplier product matrix: fio has none; Sonis & Hewings' as ioplan gives it");
    sections.multiplierProduct = {
      convention: mpm.convention,
      definition:
        mpm.convention === "leontief" ? DEFINITIONS.multiplierProduct.leontief : DEFINITIONS.multiplierProduct.ioplan,
      total: mpm.total,
      rowSums: Array.from(mpm.rowSums),
      columnSums: Array.from(mpm.columnSums),
      largest: named(largestMultiplierProducts(mpm, options.multiplierProduct.top), codes),
      residual: mpm.residual,
    };
  }
  if (options.fieldOfInfluence)
    sections.fieldOfInfluence = fieldSection(m, sys, convention, options.fieldOfInfluence, notes, check);
  if (options.extraction) sections.extraction = extractionSection(m, sys, f, link, convention, fields, notes, check);
  return { convention, notes, warnings, sections, rowFields: (j) => fields[j] };
}

/**
 * Hypothetical extraction: ioplan's in the rows' `extraction` whatever the convention, and fio's beside it
 * (`extractionFio`) with the fio convention.
 */
function extractionSection(
  m: EconomyModel,
  sys: LeontiefSystem,
  f: Float64Array,
  link: LinkageResult,
  convention: AnalysisConvention,
  fields: SectorSectionFields[],
  notes: string[],
  check: (what: string, r: { converged: boolean; residual: number }) => void,
): AnalysisSections["extraction"] {
  const codes = m.sectors.map((s) => s.code);
  const ex = hypotheticalExtraction(sys, f);
  check("hypothetical extraction", ex);
  codes.forEach((_, j) =>
    Object.assign(fields[j], {
      extraction: { total: ex.total[j], backward: ex.backward[j], forward: ex.forward[j] },
    }),
  );
  // the rows' `extraction` figures are ioplan's whatever the convention; fio's, when asked, are `extractionFio`
  const section: NonNullable<AnalysisSections["extraction"]> = {
    convention: "ioplan",
    definition: DEFINITIONS.extraction,
    baseOutput: ex.baseOutput,
    residual: ex.residual,
  };
  if (convention === "fio") {
    const v = m.x.map((xj, j) => xj * (1 - link.directBackward[j]));
    const fx = fioHypotheticalExtraction(sys, m.x, f, v);
    check("fio's hypothetical extraction", fx);
    codes.forEach((_, j) =>
      Object.assign(fields[j], {
        extractionFio: { backward: fx.backward[j], forward: fx.forward[j], total: fx.total[j] },
      }),
    );
    section.fio = { definition: DEFINITIONS.fioExtraction, totalProduction: fx.totalProduction };
    section.residual = Math.max(ex.residual, fx.residual);
  } else if (convention === "leontief") notes.push("hypothetical extraction: leontief has none; ioplan's");
  return section;
}

function fieldSection(
  m: EconomyModel,
  sys: LeontiefSystem,
  convention: AnalysisConvention,
  o: NonNullable<AnalyseOptions["fieldOfInfluence"]>,
  notes: string[],
  check: (what: string, r: { converged: boolean; residual: number }) => void,
): AnalysisSections["fieldOfInfluence"] {
  const codes = m.sectors.map((s) => s.code);
  const i = sectorIndex(m, o.row, "row (the supplying sector)");
  const j = sectorIndex(m, o.column, "column (the buying sector)");
  // fio asks for ε; its tests take 0.001
  const epsilon = o.epsilon ?? (convention === "fio" ? 0.001 : 0);
  const fi = fieldOfInfluence(sys, i, j, { epsilon });
  check("field of influence", fi);
  if (convention === "leontief")
    notes.push("field of influence: leontief has none; Sonis & Hewings' first-order field as ioplan gives it");
  return {
    convention: convention === "leontief" ? "ioplan" : convention,
    definition: convention === "fio" ? `${DEFINITIONS.field}; ${DEFINITIONS.fioField}` : DEFINITIONS.field,
    row: codes[i],
    column: codes[j],
    lji: fi.lji,
    total: fi.total,
    sumOfSquares: fi.sumOfSquares,
    epsilon,
    finiteDifferenceSumOfSquares: fi.finiteDifferenceSumOfSquares,
    largest: named(largestInfluences(fi, o.top), codes),
    leontiefColumn: Array.from(fi.leontiefColumn),
    leontiefRow: Array.from(fi.leontiefRow),
    residual: fi.residual,
  };
}

/** The index of a sector code, or an error that names the code and lists the valid ones. */
function sectorIndex(m: EconomyModel, code: string, role: string): number {
  const i = m.sectors.findIndex((s) => s.code === code);
  if (i >= 0) return i;
  const codes = m.sectors.map((s) => s.code);
  const near = codes.find((c) => c.toLowerCase() === code.toLowerCase());
  const list =
    codes.length <= 100 ? codes.join(", ") : `${codes.slice(0, 20).join(", ")}, …, ${codes[codes.length - 1]}`;
  throw new UnknownSectorError(
    `field of influence: ${role} "${code}" is not a sector of model ` +
      `${m.name}${near ? ` (did you mean "${near}"?)` : ""}; its ${codes.length} sector codes are ${list}`,
  );
}

const named = (entries: MatrixEntry[], codes: string[]): SectorEntry[] =>
  entries.map((e) => ({ row: codes[e.row], column: codes[e.column], value: e.value }));
