import type { Observation, ObservationInput } from "../engine/index.ts";

/** The outcome of an import: what was added, what was already there, which batch recorded it. */
export interface ImportSummary {
  file: string;
  rows: number;
  added: number;
  revised: number;
  unchanged: number;
  /** The batch recorded for this import (null when it added nothing). */
  batchId: number | null;
  /** Rows imported with a remark (a source quoting two figures for one period, a repeated row). */
  warnings: { line: number; field: string; value: string; message: string }[];
}

/** Filters for listing observations (current revisions unless `allRevisions`). */
export interface ObservationFilter {
  indicator?: string;
  sourceName?: string;
  kind?: Observation["kind"];
  allRevisions?: boolean;
}

/**
 * Where observations live. One interface, two implementations: SQLite (the embedded default) and PostgreSQL
 * (multi-user). Both run the same test suite. Every import is one transaction — all rows or none — and
 * writers are serialised, so concurrent imports lose nothing. Close in `finally`.
 */
export interface ObservationStore {
  readonly kind: "sqlite" | "postgres";
  /** Applies pending schema migrations; returns the schema version. Safe to call again. */
  migrate(): Promise<number>;
  /**
   * Imports rows (one file) in one transaction. `onProgress(done, total)` is called as rows are written.
   * @throws ObservationFileError with every conflicting row; nothing is stored then.
   */
  importObservations(
    rows: readonly ObservationInput[],
    batch: { file: string; sha256: string },
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportSummary>;
  list(filter?: ObservationFilter): Promise<Observation[]>;
  /** Every revision of one figure, oldest first. */
  history(seriesKey: string): Promise<Observation[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Schema migrations shared by both stores, in order; `{{ID}}` is the auto-increment primary key of the dialect. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "observations with revisions and import batches",
    sql: `
CREATE TABLE import_batches (
  id {{ID}},
  file TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_added INTEGER NOT NULL
);
CREATE TABLE observations (
  id {{ID}},
  series_key TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  indicator TEXT NOT NULL,
  period TEXT NOT NULL,
  value DOUBLE PRECISION,
  text_value TEXT,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reported', 'estimate', 'projection', 'target')),
  source_name TEXT NOT NULL,
  source_url TEXT,
  published TEXT,
  status TEXT NOT NULL CHECK (status IN ('provisional', 'revised', 'estimated')),
  note TEXT,
  batch_id INTEGER NOT NULL REFERENCES import_batches (id),
  source_line INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (series_key, revision)
);
CREATE INDEX observations_by_indicator ON observations (indicator, period);
`,
  },
  {
    version: 2,
    name: "each source's declared type (official statistics, central bank, …)",
    sql:
      "\nALTER TABLE observations ADD COLUMN source_type TEXT CHECK (source_type IS NULL OR source_type IN (" +
      "'official-statistics', 'central-bank', 'derivation', 'independent-estimate', 'own-claim', 'projection'));\n",
  },
];

/** The WHERE clause of a listing, with its arguments; `param(n)` writes the n-th placeholder (? or $n). */
export function listClause(
  filter: ObservationFilter,
  param: (n: number) => string,
): { where: string; args: unknown[] } {
  const conds: string[] = [];
  const args: unknown[] = [];
  const add = (column: string, value: unknown) => {
    args.push(value);
    conds.push(`${column} = ${param(args.length)}`);
  };
  if (!filter.allRevisions)
    conds.push("revision = (SELECT MAX(revision) FROM observations i WHERE i.series_key = o.series_key)");
  if (filter.indicator) add("indicator", filter.indicator);
  if (filter.sourceName) add("source_name", filter.sourceName);
  if (filter.kind) add("kind", filter.kind);
  return { where: conds.length ? `WHERE ${conds.join(" AND ")}` : "", args };
}
