import pg from "pg";
import type { Observation, ObservationInput } from "../engine/index.ts";
import type { LatestRevision } from "./importPlan.ts";
import { OBSERVATION_COLUMNS, observationValues, planImport } from "./importPlan.ts";
import { ObservationFileError } from "../formats/observationsCsv.ts";
import type { ObservationRow } from "./sqliteStore.ts";
import { fromRow } from "./sqliteStore.ts";
import type { ImportSummary, ObservationFilter, ObservationStore } from "./store.ts";
import { listClause, MIGRATIONS } from "./store.ts";

/** Advisory-lock key that serialises ioplan's writers (migrations and imports) on one database. */
const WRITE_LOCK = 0x10_1a_0b;

/**
 * The multi-user store: PostgreSQL through `pg`. Each import runs in one transaction holding a transaction-level
 * advisory lock, so concurrent importers queue and none loses a row; a client killed mid-import leaves nothing
 * (the server rolls its transaction back when the connection drops).
 */
export class PostgresStore implements ObservationStore {
  readonly kind = "postgres" as const;
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT pg_advisory_xact_lock($1)", [WRITE_LOCK]);
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async migrate(): Promise<number> {
    await this.tx(async (c) => {
      await c.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, " +
          "applied_at TEXT NOT NULL)",
      );
      const done = new Set(
        (await c.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version),
      );
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.sql.replace(/\{\{ID\}\}/g, "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"));
        await c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
          m.version,
          m.name,
          new Date().toISOString(),
        ]);
      }
    });
    return MIGRATIONS[MIGRATIONS.length - 1].version;
  }

  async importObservations(
    rows: readonly ObservationInput[],
    batch: { file: string; sha256: string },
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportSummary> {
    return this.tx(async (c) => {
      const latest = new Map<string, LatestRevision>();
      const cur = await c.query<ObservationRow>(
        "SELECT DISTINCT ON (series_key) series_key, revision, value, text_value, unit, status, note, " +
          "source_type FROM observations ORDER BY series_key, revision DESC",
      );
      for (const r of cur.rows)
        latest.set(r.series_key, {
          revision: r.revision,
          value: r.value === null ? null : Number(r.value),
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
      const b = await c.query<{ id: string }>(
        "INSERT INTO import_batches (file, file_sha256, imported_at, rows_read, rows_added) VALUES ($1, $2, " +
          "$3, $4, $5) RETURNING id",
        [batch.file, batch.sha256, now, rows.length, plan.inserts.length],
      );
      const batchId = Number(b.rows[0].id);
      // multi-row inserts of 500 rows (17 parameters each)
      for (let start = 0; start < plan.inserts.length; start += 500) {
        const chunk = plan.inserts.slice(start, start + 500);
        const params: unknown[] = [];
        const tuples = chunk.map((ins, k) => {
          params.push(...observationValues(ins, batchId, now));
          return `(${Array.from({ length: 17 }, (_, q) => `$${k * 17 + q + 1}`).join(", ")})`;
        });
        await c.query(`INSERT INTO observations (${OBSERVATION_COLUMNS}) VALUES ${tuples.join(", ")}`, params);
        onProgress?.(Math.min(start + 500, plan.inserts.length), plan.inserts.length);
      }
      return { ...summary, batchId };
    });
  }

  async list(filter: ObservationFilter = {}): Promise<Observation[]> {
    const { where, args } = listClause(filter, (k) => `$${k}`);
    const r = await this.pool.query<ObservationRow>(
      `SELECT * FROM observations o ${where} ORDER BY indicator, period, source_name, revision`,
      args,
    );
    return r.rows.map(fromRow);
  }

  async history(seriesKey: string): Promise<Observation[]> {
    return (
      await this.pool.query<ObservationRow>("SELECT * FROM observations WHERE series_key = $1 ORDER BY revision", [
        seriesKey,
      ])
    ).rows.map(fromRow);
  }

  async count(): Promise<number> {
    return Number((await this.pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM observations")).rows[0].n);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
