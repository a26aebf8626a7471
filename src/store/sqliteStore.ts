import Database from "better-sqlite3";
import type { Observation, ObservationInput } from "../engine/index.ts";
import type { LatestRevision } from "./importPlan.ts";
import { OBSERVATION_COLUMNS, observationValues, planImport } from "./importPlan.ts";
import { ObservationFileError } from "../formats/observationsCsv.ts";
import type { ImportSummary, ObservationFilter, ObservationStore } from "./store.ts";
import { listClause, MIGRATIONS } from "./store.ts";
import { StoreError } from "./storeError.ts";

interface Row {
  id: number;
  series_key: string;
  revision: number;
  indicator: string;
  period: string;
  value: number | null;
  text_value: string | null;
  unit: string;
  kind: Observation["kind"];
  source_name: string;
  source_type: Observation["sourceType"];
  source_url: string | null;
  published: string | null;
  status: Observation["status"];
  note: string | null;
  batch_id: number;
  recorded_at: string;
}

/** Maps a database row to an Observation (both stores use the same column names). */
export function fromRow(r: Row): Observation {
  return {
    id: Number(r.id),
    seriesKey: r.series_key,
    revision: Number(r.revision),
    indicator: r.indicator,
    period: r.period,
    value: r.value === null ? null : Number(r.value),
    text: r.text_value,
    unit: r.unit,
    kind: r.kind,
    sourceName: r.source_name,
    sourceType: r.source_type ?? null,
    sourceUrl: r.source_url,
    published: r.published,
    status: r.status,
    note: r.note,
    batchId: Number(r.batch_id),
    recordedAt: r.recorded_at,
  };
}

/**
 * The embedded store: one SQLite file (better-sqlite3 12), WAL journal with synchronous FULL (a committed import
 * survives a crash or power loss; IOPLAN_SQLITE_SYNCHRONOUS=extra is stronger, normal faster), 10 s busy timeout,
 * writers retrying a busy lock with backoff; imports take the write lock up front (BEGIN IMMEDIATE), so two
 * processes importing at once queue instead of failing, and a
 * process killed mid-import leaves the file as it was (SQLite's atomic commit).
 */
export class SqliteStore implements ObservationStore {
  readonly kind = "sqlite" as const;
  private readonly db: Database.Database;

  /**
   * The durability setting in force: SQLite's `synchronous` (FULL by default; EXTRA or NORMAL with
   * IOPLAN_SQLITE_SYNCHRONOUS).
   */
  readonly synchronous: "EXTRA" | "FULL" | "NORMAL";

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // FULL: every committed import is on disk before the commit returns (WAL synced); EXTRA also syncs the folder
    const want = (process.env.IOPLAN_SQLITE_SYNCHRONOUS ?? "full").toUpperCase();
    if (want !== "EXTRA" && want !== "FULL" && want !== "NORMAL") {
      this.db.close();
      throw new StoreError(
        file,
        `IOPLAN_SQLITE_SYNCHRONOUS=${process.env.IOPLAN_SQLITE_SYNCHRONOUS} is not extra, full or normal`,
      );
    }
    this.db.pragma(`synchronous = ${want}`);
    this.synchronous = want;
    this.db.pragma("busy_timeout = 10000");
    this.db.pragma("foreign_keys = ON");
  }

  async migrate(): Promise<number> {
    // a store already at the latest version is only read: readers never wait on a writer (WAL)
    const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
    const hasTable =
      this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !==
      undefined;
    if (
      hasTable &&
      (this.db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null }).v === latest
    )
      return latest;
    const run = this.db.transaction(() => {
      this.db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, " +
          "applied_at TEXT NOT NULL)",
      );
      const done = new Set(
        (this.db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version),
      );
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        this.db.exec(m.sql.replace(/\{\{ID\}\}/g, "INTEGER PRIMARY KEY AUTOINCREMENT"));
        this.db
          .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run(m.version, m.name, new Date().toISOString());
      }
    });
    await withBusyRetry(() => run.immediate());
    return latest;
  }

  async importObservations(
    rows: readonly ObservationInput[],
    batch: { file: string; sha256: string },
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportSummary> {
    const latestStmt = this.db.prepare(
      "SELECT series_key, revision, value, text_value, unit, status, note, source_type FROM observations o " +
        "WHERE revision = (SELECT MAX(revision) FROM observations WHERE series_key = o.series_key)",
    );
    const insertBatch = this.db.prepare(
      "INSERT INTO import_batches (file, file_sha256, imported_at, rows_read, rows_added) VALUES (?, ?, ?, ?, ?)",
    );
    const insert = this.db.prepare(
      `INSERT INTO observations (${OBSERVATION_COLUMNS})\n` +
        "       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const run = this.db.transaction((): ImportSummary => {
      const latest = new Map<string, LatestRevision>();
      for (const r of latestStmt.all() as (Row & { series_key: string })[])
        latest.set(r.series_key, {
          revision: r.revision,
          value: r.value,
          text: r.text_value,
          unit: r.unit,
          status: r.status,
          note: r.note,
          sourceType: r.source_type ?? null,
        });
      const plan = planImport(rows, latest);
      if (plan.conflicts.length) throw new ObservationFileError(batch.file, plan.conflicts);
      const summary: ImportSummary = {
        file: batch.file,
        rows: rows.length,
        added: plan.inserts.length - plan.revised,
        revised: plan.revised,
        unchanged: plan.unchanged,
        batchId: null,
        warnings: plan.warnings,
      };
      if (plan.inserts.length === 0) return summary;
      const now = new Date().toISOString();
      const batchId = Number(
        insertBatch.run(batch.file, batch.sha256, now, rows.length, plan.inserts.length).lastInsertRowid,
      );
      plan.inserts.forEach((ins, k) => {
        insert.run(...observationValues(ins, batchId, now));
        if (onProgress && (k + 1) % 1000 === 0) onProgress(k + 1, plan.inserts.length);
      });
      onProgress?.(plan.inserts.length, plan.inserts.length);
      return { ...summary, batchId };
    });
    return withBusyRetry(() => run.immediate());
  }

  async list(filter: ObservationFilter = {}): Promise<Observation[]> {
    const { where, args } = listClause(filter, () => "?");
    return (
      this.db
        .prepare(`SELECT * FROM observations o ${where} ORDER BY indicator, period, source_name, revision`)
        .all(...args) as Row[]
    ).map(fromRow);
  }

  async history(seriesKey: string): Promise<Observation[]> {
    return (
      this.db.prepare("SELECT * FROM observations WHERE series_key = ? ORDER BY revision").all(seriesKey) as Row[]
    ).map(fromRow);
  }

  async count(): Promise<number> {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM observations").get() as { n: number }).n;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export type { Row as ObservationRow };

/**
 * Runs a write transaction, retrying while another process holds the write lock (SQLITE_BUSY after the busy
 * timeout): waits 50 ms, doubling to 2 s, for up to 10 minutes in all, so concurrent importers queue rather than fail.
 */
async function withBusyRetry<T>(write: () => T, patienceMs = 600_000): Promise<T> {
  const start = Date.now();
  for (let wait = 50; ; wait = Math.min(2000, wait * 2)) {
    try {
      return write();
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() - start > patienceMs) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
