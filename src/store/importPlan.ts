import type { Observation, ObservationInput } from "../engine/index.ts";
import { sameFigure, seriesKey } from "../engine/index.ts";
import type { RowProblem } from "../formats/observationsCsv.ts";

/** What importing a file would do to the store. */
export interface ImportPlan {
  inserts: { row: ObservationInput; key: string; revision: number }[];
  unchanged: number;
  revised: number;
  conflicts: RowProblem[];
  /** Rows kept with a note: e.g. one source quoting two different figures for the same period. */
  warnings: RowProblem[];
}

/** The latest stored revision of a figure, enough to compare with. */
export type LatestRevision = Pick<
  Observation,
  "revision" | "value" | "text" | "unit" | "status" | "note" | "sourceType"
>;

/** A figure's state once `row` is stored as its revision `revision` (with the file line it came from). */
function revisionFrom(row: ObservationInput, revision: number): LatestRevision & { line?: number } {
  return {
    revision,
    value: row.value,
    text: row.text,
    unit: row.unit,
    status: row.status,
    note: row.note,
    sourceType: row.sourceType,
    line: row.origin.line,
  };
}

/**
 * Decides, against the latest stored revision of each figure, what a file adds: a new figure is inserted as
 * revision 1; the same figure again changes nothing (so importing a file twice adds nothing); a different
 * value for the same figure (same indicator, period, source, kind and publication date) is appended as the
 * next revision only when its status is "revised" — otherwise it is a conflict, reported with its line, and
 * nothing from the file is stored. Nothing is ever overwritten. Within one file a source quoting two different
 * figures for the same period (an earlier and a later projection in one article) keeps both, with a warning.
 */
export function planImport(rows: readonly ObservationInput[], latest: ReadonlyMap<string, LatestRevision>): ImportPlan {
  const state = new Map<string, LatestRevision & { line?: number }>(latest);
  const plan: ImportPlan = { inserts: [], unchanged: 0, revised: 0, conflicts: [], warnings: [] };
  // Within one file, one source may quote several figures for the same indicator and period (an old and a new
  // projection in one article): the n-th such figure is its own series, "#n", and the duplication is a warning.
  const seenInFile = new Map<string, { line: number; figure: ObservationInput }[]>();
  for (const row of rows) {
    const base = seriesKey(row);
    const earlier = seenInFile.get(base) ?? [];
    let key = base;
    if (earlier.length && row.status !== "revised") {
      const same = earlier.findIndex((e) => sameFigure(e.figure, row));
      if (same >= 0) {
        plan.warnings.push({
          line: row.origin.line,
          field: "row",
          value: row.text ?? String(row.value),
          message: `repeats line ${earlier[same].line}; counted once`,
        });
        plan.unchanged++;
        continue;
      }
      key = `${base}#${earlier.length + 1}`;
      plan.warnings.push({
        line: row.origin.line,
        field: "value",
        value: row.text ?? String(row.value),
        message:
          `"${row.sourceName}" also gives ` +
          `${earlier.map((e) => `${e.figure.text ?? e.figure.value} (line ${e.line})`).join(", ")} for ` +
          `${row.indicator} ${row.period || "(undated)"}; both are kept as separate figures of that source`,
      });
    }
    earlier.push({ line: row.origin.line, figure: row });
    seenInFile.set(base, earlier);
    const cur = state.get(key);
    if (!cur) {
      plan.inserts.push({ row, key, revision: 1 });
      state.set(key, revisionFrom(row, 1));
      continue;
    }
    if (sameFigure(cur, row)) {
      plan.unchanged++;
      continue;
    }
    if (row.status !== "revised") {
      const where = cur.line !== undefined ? `line ${cur.line} of this file` : `revision ${cur.revision} in the store`;
      plan.conflicts.push({
        line: row.origin.line,
        field: "value",
        value: row.text ?? String(row.value),
        message:
          `${row.indicator} ${row.period} from "${row.sourceName}" ` +
          `(${row.kind}${row.published ? `, published ${row.published}` : ""}) is already ` +
          `${cur.text ?? cur.value} ${cur.unit} (${where}); a different figure from the same source and date ` +
          `needs status "revised" to be appended as a revision`,
      });
      continue;
    }
    plan.inserts.push({ row, key, revision: cur.revision + 1 });
    plan.revised++;
    state.set(key, revisionFrom(row, cur.revision + 1));
  }
  return plan;
}

/** The columns of an observation row, in the order {@link observationValues} gives their values. */
export const OBSERVATION_COLUMNS =
  "series_key, revision, indicator, period, value, text_value, unit, kind, source_name, source_type, source_url, " +
  "published, status, note, batch_id, source_line, recorded_at";

/** One planned insert as the values of {@link OBSERVATION_COLUMNS}, for either store's INSERT. */
export function observationValues(
  { row: o, key, revision }: ImportPlan["inserts"][number],
  batchId: number,
  now: string,
): unknown[] {
  return [
    key,
    revision,
    o.indicator,
    o.period,
    o.value,
    o.text,
    o.unit,
    o.kind,
    o.sourceName,
    o.sourceType,
    o.sourceUrl,
    o.published,
    o.status,
    o.note,
    batchId,
    o.origin.line,
    now,
  ];
}
