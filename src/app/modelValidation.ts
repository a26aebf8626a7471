import type { EconomyModel } from "../engine/index.ts";
import { columnSums, forEachEntry, productivityCheck } from "../engine/index.ts";
import { loadModel } from "../formats/dataPackage.ts";
import { IssueList } from "../formats/modelIssues.ts";
import type { ModelIssue } from "../formats/modelIssues.ts";

/** Options of model validation. */
export interface ValidationOptions {
  /** Relative imbalance of a row or column above which it is reported (default 1e-3: BEA rounds to whole $M). */
  balanceTolerance?: number;
  /** How many of the largest offenders to list (default 10). */
  largest?: number;
}

/** The outcome of validating a model: every issue, and the model when it loaded. */
export interface ValidationReport {
  ok: boolean;
  errors: number;
  warnings: number;
  issues: ModelIssue[];
  model?: EconomyModel;
}

/** What the reader would refuse is refused before writing: blank, padded, comma-holding or duplicate codes. */
function checkCodes(codes: string[], label: string, issues: IssueList): void {
  const seen = new Map<string, number>();
  codes.forEach((c, i) => {
    if (c.trim() === "")
      issues.error({ file: label, sector: `#${i + 1}`, message: "empty sector code; every sector needs a code" });
    else if (c !== c.trim() || /[,"\n\r]/.test(c))
      issues.error({
        file: label,
        sector: JSON.stringify(c),
        message: "a sector code may not hold commas, quotes, line breaks or surrounding spaces",
      });
    if (seen.has(c))
      issues.error({
        file: label,
        sector: c,
        message: `duplicate sector code (sectors ${seen.get(c)! + 1} and ${i + 1})`,
      });
    seen.set(c, i);
  });
}

/** How a row or column check is run: tolerance, how many offenders to list, the model's name and its codes. */
interface BalanceCheck {
  tol: number;
  top: number;
  label: string;
  codes: string[];
  issues: IssueList;
}

/** Rows whose output differs from intermediate plus final use beyond the tolerance, the largest listed. */
function checkRowBalance(m: EconomyModel, rowUse: Float64Array, b: BalanceCheck): void {
  const { tol, top, label, codes, issues } = b;
  const n = m.sectors.length;
  const k = m.finalDemand.cols;
  const rows: { i: number; gap: number; rel: number }[] = [];
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let c = 0; c < k; c++) f += m.finalDemand.data[i * k + c];
    const gap = m.x[i] - rowUse[i] - f;
    const rel = Math.abs(gap) / Math.max(Math.abs(m.x[i]), 1e-300);
    if (m.x[i] === 0 ? Math.abs(gap) > 0 : rel > tol) rows.push({ i, gap, rel });
  }
  rows.sort((a, b) => b.rel - a.rel);
  for (const r of rows.slice(0, top)) {
    issues.warning({
      file: label,
      sector: codes[r.i],
      value: r.gap,
      message:
        `row balance: output ${m.x[r.i]} differs from intermediate plus final use by ${r.gap.toPrecision(6)} ` +
        `(${(r.rel * 100).toPrecision(3)} %; tolerance ${pct(tol)})`,
    });
  }
  if (rows.length > top)
    issues.warning({
      file: label,
      message:
        `row balance: ${rows.length - top} more rows do not balance within ${pct(tol)} (the ${top} largest are ` +
        `listed)`,
    });
}

/** Columns whose output differs from inputs, value added and imports beyond the tolerance, the largest listed. */
function checkColumnBalance(m: EconomyModel, colUse: Float64Array, b: BalanceCheck): void {
  const { tol, top, label, codes, issues } = b;
  const n = m.sectors.length;
  const imports = m.satellites.find((s) => s.code === "IMP");
  const cols: { j: number; gap: number; rel: number }[] = [];
  for (let j = 0; j < n; j++) {
    let va = 0;
    for (let r = 0; r < m.valueAdded.rows; r++) va += m.valueAdded.data[r * n + j];
    const gap = m.x[j] - colUse[j] - va - (imports ? imports.values[j] : 0);
    const rel = Math.abs(gap) / Math.max(Math.abs(m.x[j]), 1e-300);
    if (m.x[j] === 0 ? Math.abs(gap) > 0 : rel > tol) cols.push({ j, gap, rel });
  }
  cols.sort((a, b) => b.rel - a.rel);
  for (const c of cols.slice(0, top)) {
    issues.warning({
      file: label,
      sector: codes[c.j],
      value: c.gap,
      message:
        `column balance: output ${m.x[c.j]} differs from inputs plus value ` +
        `added${imports ? " plus imports" : ""} by ${c.gap.toPrecision(6)} (${(c.rel * 100).toPrecision(3)} ` +
        `%)`,
    });
  }
  if (cols.length > top)
    issues.warning({
      file: label,
      message: `column balance: ${cols.length - top} more columns do not balance within ${pct(tol)}`,
    });
}

/** Zero outputs, coefficient columns summing to ≥ 1, and an economy that is not productive (an error). */
function checkCoefficients(m: EconomyModel, label: string, codes: string[], issues: IssueList): void {
  const n = m.sectors.length;
  for (let j = 0; j < n; j++)
    if (m.x[j] === 0)
      issues.warning({
        file: label,
        sector: codes[j],
        value: 0,
        message: "zero output: the sector has a zero coefficient column and its multipliers are not meaningful",
      });
  const sums = columnSums(m.A);
  for (let j = 0; j < n; j++)
    if (sums[j] >= 1)
      issues.warning({
        file: label,
        sector: codes[j],
        value: sums[j],
        message: "coefficients sum to ≥ 1: the sector uses at least one unit of inputs per unit of output",
      });
  const p = productivityCheck(m.A, codes);
  if (!p.productive) {
    issues.error({
      file: label,
      value: p.spectralRadius.lower,
      message:
        `economy is not productive: spectral radius of A in [${p.spectralRadius.lower.toPrecision(6)}, ` +
        `${p.spectralRadius.upper.toPrecision(6)}] (must be < 1); sectors driving it: ` +
        `${p.drivingSectors.join(", ") || "(none singled out)"}`,
    });
  }
}

/**
 * Checks an economy model's numbers: rows (x_i = Σ_j z_ij + Σ_k f_ik) and columns (x_j = Σ_i z_ij +
 * value added + imported inputs, when value-added rows are present) that do not balance beyond the tolerance,
 * with the largest offenders; sectors with zero output; columns of A summing to ≥ 1; an economy that is not
 * productive (an error). `label` names the model in each issue. Importers and `ioplan model validate` both
 * run it.
 */
export function validateEconomyModel(
  m: EconomyModel,
  label: string,
  issues: IssueList,
  o: ValidationOptions = {},
): void {
  const tol = o.balanceTolerance ?? 1e-3;
  const top = o.largest ?? 10;
  const n = m.sectors.length;
  const codes = m.sectors.map((s) => s.code);
  checkCodes(codes, label, issues);
  const rowUse = new Float64Array(n);
  const colUse = new Float64Array(n);
  forEachEntry(m.A, (i, j, a) => {
    rowUse[i] += a * m.x[j];
    colUse[j] += a * m.x[j];
  });
  const b: BalanceCheck = { tol, top, label, codes, issues };
  checkRowBalance(m, rowUse, b);
  if (m.valueAddedRows.length) checkColumnBalance(m, colUse, b);
  checkCoefficients(m, label, codes, issues);
}

const pct = (v: number) => `${+(v * 100).toPrecision(3)} %`;

/** Loads a model folder and validates it; never throws for problems in the files (they are issues). */
export function validateModelDir(dir: string, o: ValidationOptions = {}): ValidationReport {
  const issues = new IssueList();
  const model = loadModel(dir, issues);
  if (model) validateEconomyModel(model, dir, issues, o);
  const errors = issues.errors.length;
  return {
    ok: errors === 0,
    errors,
    warnings: issues.warnings.length,
    issues: issues.items,
    model: errors === 0 ? model : undefined,
  };
}
