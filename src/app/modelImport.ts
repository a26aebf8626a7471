import type { EconomyModel } from "../engine/index.ts";
import { writeModel } from "../formats/dataPackage.ts";
import { IssueList, ModelFileError, formatIssue } from "../formats/modelIssues.ts";
import type { ModelIssue } from "../formats/modelIssues.ts";
import { readLabelledTable } from "../formats/labelledMatrix.ts";
import type { LabelledTableOptions } from "../formats/labelledMatrix.ts";
import { readModel } from "../formats/dataPackage.ts";
import { readPymrio, writePymrio } from "../formats/pymrio.ts";
import type { ValidationOptions } from "./modelValidation.ts";
import { validateEconomyModel } from "./modelValidation.ts";

/**
 * A model note that begins with this is a warning an importer kept (a negative cell a statistical office published).
 */
export const IMPORT_WARNING = "Warning: ";

/** The outcome of an import: where the model went and what validation said. */
export interface ImportResult {
  out: string;
  sectors: number;
  entries: number;
  issues: ModelIssue[];
}

/**
 * Validates a freshly imported model (the same checks as `ioplan model validate`) and, when there are no
 * errors, writes it atomically to `out`. With errors nothing is written and the existing model at `out`,
 * if any, is untouched.
 *
 * @throws ModelFileError listing the errors.
 */
export function saveImportedModel(m: EconomyModel, out: string, o: ValidationOptions = {}): ImportResult {
  const issues = new IssueList();
  // what an importer kept but flagged (a negative cell a statistical office published), named with the model
  for (const n of m.notes ?? [])
    if (n.startsWith(IMPORT_WARNING)) issues.warning({ file: m.name, message: n.slice(IMPORT_WARNING.length) });
  validateEconomyModel(m, m.name, issues, o);
  if (issues.errors.length) throw new ModelFileError(`${m.name}: not written to ${out}`, issues.items);
  writeModel(m, out);
  const entries = m.A.kind === "dense" ? m.A.data.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0) : m.A.values.length;
  return { out, sectors: m.sectors.length, entries, issues: issues.items };
}

/**
 * A model issue in one line: severity, file, line, column, sector, value and message (as `model validate` prints it).
 */
export function describeIssue(i: ModelIssue): string {
  return formatIssue(i);
}

/**
 * Reads a labelled input–output table (CSV or XLSX: sector codes on both axes, final demand and value added beside).
 */
export function importLabelledTable(file: string, o: LabelledTableOptions): Promise<EconomyModel> {
  return readLabelledTable(file, o);
}

/**
 * Reads a folder saved by pymrio's `IOSystem.save_all()` as a national model (regions flattened, said in its notes).
 */
export function importPymrio(dir: string, o: { baseYear?: number; unit?: string } = {}): EconomyModel {
  return readPymrio(dir, o);
}

/** Writes a model folder as a pymrio `save_all()` folder (one region named `region`). */
export function exportPymrio(modelDir: string, out: string, region = "REG"): void {
  writePymrio(readModel(modelDir), out, region);
}
