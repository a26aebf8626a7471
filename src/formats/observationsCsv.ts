import { IoplanError } from "../engine/index.ts";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseCsv } from "./csv.ts";
import type { ObservationInput, ObservationKind, ObservationStatus } from "../engine/index.ts";
import { OBSERVATION_KINDS, OBSERVATION_STATUSES, PERIOD_FORMS, normalisePeriod } from "../engine/index.ts";
import { SOURCE_TYPES } from "../engine/index.ts";
import type { SourceType } from "../engine/index.ts";
import { decimalOf, notADecimal } from "./decimal.ts";

/** One bad row of an observations file: line, field, value and what is valid. */
export interface RowProblem {
  line: number;
  field: string;
  value: string;
  message: string;
}

/** An observations file that cannot be imported; nothing from it is stored. */
export class ObservationFileError extends IoplanError {
  readonly problems: RowProblem[];
  constructor(file: string, problems: RowProblem[]) {
    // 409 at the API: the figures conflict with the store's (a changed figure not marked revised) or cannot be read
    super(
      "bad-observations",
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing from this file was stored\n` +
        problems
          .slice(0, 30)
          .map((p) => `  line ${p.line}, ${p.field} = ${JSON.stringify(p.value)}: ${p.message}`)
          .join("\n") +
        (problems.length > 30 ? `\n  … and ${problems.length - 30} more` : ""),
      409,
    );
    this.problems = problems;
  }
}

/**
 * The two layouts ioplan reads:
 * - `indicators` (as shared/data/dprk/indicators.csv): indicator, unit, year, value, kind, source_name,
 *   source_url, note. Status follows the kind: estimates are "estimated", everything else "provisional".
 * - `generic`: indicator, period, value, unit, kind, source_name, source_url, published, status, note
 *   (period YYYY, YYYY-Qn, YYYY-MM, a span YYYY-YYYY, or empty for an undated goal; published YYYY-MM-DD or
 *   empty; status provisional|revised|estimated).
 * A text-only figure has unit "text" and its words in `value`. Either layout may add a `source_type` column: what
 * the source is (official-statistics, central-bank, derivation, independent-estimate, own-claim, projection), which
 * orders sources in reconciliation; empty is "not declared".
 */
export const LAYOUTS = {
  indicators: ["indicator", "unit", "year", "value", "kind", "source_name", "source_url", "note"],
  generic: ["indicator", "period", "value", "unit", "kind", "source_name", "source_url", "published", "status", "note"],
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads an observations CSV in either layout (told apart by its header). Every bad row is reported with its
 * line, field, value and what is valid; with any problem nothing is returned.
 * @throws ObservationFileError listing the problems.
 */
export function readObservationsCsv(file: string): {
  rows: ObservationInput[];
  sha256: string;
  layout: keyof typeof LAYOUTS;
} {
  const bytes = readFileSync(file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const recs = parseCsv(bytes.toString("utf8"), file);
  const header = recs[0]?.fields.map((h) => h.trim()) ?? [];
  const layout = layoutOf(file, header);
  const problems: RowProblem[] = [];
  const rows: ObservationInput[] = [];
  for (const r of recs.slice(1)) {
    if (r.fields.length !== header.length) {
      problems.push({
        line: r.line,
        field: "row",
        value: `${r.fields.length} cells`,
        message: `the header has ${header.length}`,
      });
      continue;
    }
    rows.push(observationOf(file, header, layout, r, problems));
  }
  if (problems.length) throw new ObservationFileError(file, problems);
  return { rows, sha256, layout };
}

/** Which layout a header is: either one, with an optional source_type column anywhere; anything else is refused. */
function layoutOf(file: string, header: string[]): keyof typeof LAYOUTS {
  const named = header.filter((h) => h !== "source_type");
  const layout = (Object.keys(LAYOUTS) as (keyof typeof LAYOUTS)[]).find(
    (k) => LAYOUTS[k].join(",") === named.join(","),
  );
  if (!layout || header.filter((h) => h === "source_type").length > 1) {
    throw new ObservationFileError(file, [
      {
        line: 1,
        field: "header",
        value: header.join(","),
        message:
          `expected one of the layouts (each may add a source_type column: ${SOURCE_TYPES.join(", ")}):\n` +
          `    ${LAYOUTS.indicators.join(",")}\n    ${LAYOUTS.generic.join(",")}`,
      },
    ]);
  }
  return layout;
}

/** One row as an observation; each bad field is added to `problems` with its line, value and what is valid. */
function observationOf(
  file: string,
  header: string[],
  layout: keyof typeof LAYOUTS,
  r: { line: number; fields: string[] },
  problems: RowProblem[],
): ObservationInput {
  const get = (name: string) => (r.fields[header.indexOf(name)] ?? "").trim();
  const bad = (field: string, message: string) => problems.push({ line: r.line, field, value: get(field), message });
  const indicator = get("indicator");
  if (!indicator) bad("indicator", "empty; every figure names its indicator");
  const period = normalisePeriod(layout === "indicators" ? get("year") : get("period"));
  if (period === null) bad(layout === "indicators" ? "year" : "period", `expected ${PERIOD_FORMS}`);
  const unit = get("unit");
  if (!unit) bad("unit", "empty; give the unit (or 'text' for a figure in words)");
  const rawValue = get("value");
  let value: number | null = null;
  let text: string | null = null;
  if (unit === "text") text = rawValue;
  else {
    value = decimalOf(rawValue, { thousands: true });
    if (!Number.isFinite(value))
      bad(
        "value",
        `${rawValue === "" ? "empty" : notADecimal(rawValue)}; ` +
          `figures in unit "${unit}" must be numbers (use unit "text" for words)`,
      );
  }
  const kind = get("kind") as ObservationKind;
  if (!OBSERVATION_KINDS.includes(kind)) bad("kind", `expected one of ${OBSERVATION_KINDS.join(", ")}`);
  const sourceName = get("source_name");
  if (!sourceName) bad("source_name", "empty; every figure cites its source");
  const sourceUrl = get("source_url") || null;
  if (sourceUrl && !/^https?:\/\//.test(sourceUrl)) bad("source_url", "expected an http(s) address or nothing");
  const published = layout === "generic" ? get("published") || null : null;
  if (published && (!DATE.test(published) || Number.isNaN(Date.parse(published))))
    bad("published", "expected a date YYYY-MM-DD or nothing");
  let status: ObservationStatus = kind === "estimate" ? "estimated" : "provisional";
  if (layout === "generic") {
    status = get("status") as ObservationStatus;
    if (!OBSERVATION_STATUSES.includes(status)) bad("status", `expected one of ${OBSERVATION_STATUSES.join(", ")}`);
  }
  const declared = header.includes("source_type") ? get("source_type") : "";
  const sourceType = declared === "" ? null : (declared as SourceType);
  if (sourceType !== null && !SOURCE_TYPES.includes(sourceType))
    bad("source_type", `expected one of ${SOURCE_TYPES.join(", ")}, or nothing (not declared)`);
  return {
    indicator,
    period: period ?? "",
    value,
    text,
    unit,
    kind,
    sourceName,
    sourceType,
    sourceUrl,
    published,
    status,
    note: get("note") || null,
    origin: { file, line: r.line },
  };
}
