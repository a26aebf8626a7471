import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { storeSuite } from "../support/storeSuite.ts";
import { scratch } from "../support/scratch.ts";
import { ObservationFileError, readObservationsCsv } from "../../src/formats/observationsCsv.ts";
import { openStore } from "../../src/store/openStore.ts";
import { MIGRATIONS } from "../../src/store/store.ts";

storeSuite("SQLite", async () => join(scratch(), "ioplan.sqlite"));

test("SQLite: a store written before source types (schema 1) is migrated to schema 2 and keeps every figure; new imports carry their types", async () => {
  const file = join(scratch(), "old.sqlite");
  // the store as ioplan 0.1 left it: migration 1 only, with one figure
  const db = new Database(file);
  db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  db.exec(MIGRATIONS[0].sql.replace(/\{\{ID\}\}/g, "INTEGER PRIMARY KEY AUTOINCREMENT"));
  db.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01')").run();
  db.prepare(
    "INSERT INTO import_batches (file, file_sha256, imported_at, rows_read, rows_added) VALUES ('/old.csv', 'x', '2026-01-01', 1, 1)",
  ).run();
  db.prepare(
    "INSERT INTO observations (series_key, revision, indicator, period, value, unit, kind, source_name, status, batch_id, source_line, recorded_at) VALUES ('k', 1, 'gdp', '2022', 1.5, 'percent', 'estimate', 'Old source', 'estimated', 1, 2, '2026-01-01')",
  ).run();
  db.close();
  const csv = join(scratch(), "typed.csv");
  writeFileSync(
    csv,
    "indicator,period,value,unit,kind,source_name,source_url,published,status,note,source_type\ngdp,2024Q1,2.1,percent,reported,BEA,,2024-04-25,provisional,,official-statistics\n",
  );
  const s = await openStore(file);
  try {
    const [old] = await s.list({ indicator: "gdp" });
    assert.deepEqual([old.value, old.sourceName, old.sourceType], [1.5, "Old source", null]);
    const { rows, sha256 } = readObservationsCsv(csv);
    assert.equal(rows[0].period, "2024-Q1", "pandas' 2024Q1 is read as 2024-Q1");
    await s.importObservations(rows, { file: csv, sha256 });
    const typed = (await s.list({ indicator: "gdp" })).find((o) => o.sourceName === "BEA")!;
    assert.deepEqual([typed.period, typed.sourceType], ["2024-Q1", "official-statistics"]);
  } finally {
    await s.close();
  }
  const check = new Database(file, { readonly: true });
  assert.deepEqual(
    (check.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[]).map(
      (r) => r.version,
    ),
    [1, 2],
  );
  check.close();
});

test("an observations file's source_type must be one of the types; a bad one is named with its line", () => {
  const csv = join(scratch(), "bad.csv");
  writeFileSync(
    csv,
    "indicator,period,value,unit,kind,source_name,source_type,source_url,published,status,note\ngdp,2024,2.1,percent,reported,BEA,statistics,,,provisional,\ngdp,2024Q5,2.1,percent,reported,BEA,,,,provisional,\n",
  );
  assert.throws(
    () => readObservationsCsv(csv),
    (e: unknown) =>
      e instanceof ObservationFileError &&
      /line 2, source_type = "statistics": expected one of official-statistics, central-bank/.test(e.message) &&
      /line 3, period = "2024Q5": expected a year \(2019\), a quarter \(2019-Q2, or pandas' 2019Q2\)/.test(e.message),
  );
});
