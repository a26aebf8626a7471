/**
 * The errors that are the user's input, not ioplan's fault: the CLI prints their message after "ioplan:" and exits 2;
 * anything else is a bug (a stack trace, exit 1). The fuzz harness holds every reader to the same list.
 */
import { IoplanError } from "../engine/index.ts";
import { BeaDataError } from "../formats/bea.ts";
import { CsvError } from "../formats/csv.ts";
import { LabelledTableError } from "../formats/labelledMatrix.ts";
import { ModelFileError } from "../formats/modelIssues.ts";
import { PlanFileError } from "../formats/planFile.ts";
import { PymrioError } from "../formats/pymrio.ts";
import { WiodError } from "../formats/wiod.ts";
import { XlsxError } from "../formats/xlsx.ts";
import { DemandFileError } from "../app/solveDemand.ts";
import { ObservationFileError } from "../store/observationsCsv.ts";
import { StoreError } from "../store/openStore.ts";
import { PdfUnavailableError } from "../report/pdf.ts";
import { UsageError } from "./shared.ts";

/** Every input-error class, mapped once to exit code 2. */
export const INPUT_ERRORS = [XlsxError, StoreError, PdfUnavailableError, ObservationFileError, PlanFileError, UsageError, BeaDataError, CsvError, IoplanError, ModelFileError, WiodError, PymrioError, LabelledTableError, DemandFileError];

/** Whether an error is the user's input (exit 2, message only). */
export function isInputError(e: unknown): boolean {
  return INPUT_ERRORS.some((k) => e instanceof k);
}
