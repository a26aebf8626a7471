import type { EconomyModel } from "../engine/index.ts";
import { writeModel } from "../formats/dataPackage.ts";
import { IssueList, ModelFileError } from "../formats/modelIssues.ts";
import type { ModelIssue } from "../formats/modelIssues.ts";
import type { ValidationOptions } from "./modelValidation.ts";
import { validateEconomyModel } from "./modelValidation.ts";

/** A model note that begins with this is a warning an importer kept (a negative cell a statistical office published). */
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
  for (const n of m.notes ?? []) if (n.startsWith(IMPORT_WARNING)) issues.warning({ file: m.name, message: n.slice(IMPORT_WARNING.length) });
  validateEconomyModel(m, m.name, issues, o);
  if (issues.errors.length) throw new ModelFileError(`${m.name}: not written to ${out}`, issues.items);
  writeModel(m, out);
  const entries = m.A.kind === "dense" ? m.A.data.reduce((c, v) => c + (v !== 0 ? 1 : 0), 0) : m.A.values.length;
  return { out, sectors: m.sectors.length, entries, issues: issues.items };
}
