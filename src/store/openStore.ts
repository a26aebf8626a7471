import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PostgresStore } from "./postgresStore.ts";
import { SqliteStore } from "./sqliteStore.ts";
import type { ObservationStore } from "./store.ts";

/** The default store: an SQLite file in `.ioplan/` of the working folder, or `$IOPLAN_DB`. */
export function defaultStoreLocation(): string {
  return process.env.IOPLAN_DB ?? resolve(".ioplan", "ioplan.sqlite");
}

/** A store that cannot be opened or used: where, what failed, and how to fix it (the CLI exits 2). */
export class StoreError extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(`store ${redact(location)}: ${message}`);
    this.name = "StoreError";
  }
}

/** A PostgreSQL URL without its password, for messages. */
function redact(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, "$1:***@");
}

/** What a driver's error means for the user, with the fix (SQLite result codes, PostgreSQL and socket codes). */
export function storeFailure(location: string, e: unknown): StoreError {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? "";
  const why: Record<string, string> = {
    SQLITE_NOTADB: "is not an SQLite database (give a new file name, or the ioplan store you meant)",
    SQLITE_CORRUPT: "is damaged (restore it from a copy, or import into a new file)",
    SQLITE_READONLY: "is read-only here (check the file's and its folder's permissions)",
    SQLITE_CANTOPEN: "cannot be opened (check that its folder exists and is writable)",
    SQLITE_FULL: "the disk is full: nothing was written (free space and run again)",
    SQLITE_IOERR: "an I/O error stopped the write: nothing was committed (check the disk)",
    SQLITE_BUSY: "another process holds the write lock and did not release it in time (run again when it is done)",
    SQLITE_LOCKED: "is locked by another connection (run again when it is done)",
    ECONNREFUSED: "no PostgreSQL server answers there (start it, or check host and port in the URL)",
    ENOTFOUND: "the host in the URL is unknown (check the URL)",
    ETIMEDOUT: "the PostgreSQL server did not answer in time (check the network and the URL)",
    "28P01": "PostgreSQL refused the password (check user and password in the URL)",
    "28000": "PostgreSQL refused the user (check the user in the URL and pg_hba.conf)",
    "3D000": "the database in the URL does not exist (create it with createdb, or fix its name)",
    "42501": "the PostgreSQL user may not create the store's tables (grant it CREATE on the schema)",
    ENOSPC: "the disk is full: nothing was written (free space and run again)",
  };
  const base = code.replace(/_[A-Z]+$/, (m) => (why[code] ? m : ""));
  const text = why[code] ?? why[base];
  return new StoreError(location, text ? `${text} [${code}]` : `${err.message ?? String(e)}${code ? ` [${code}]` : ""}`);
}

/**
 * Opens (and migrates) the store at `location`: a `postgres://` or `postgresql://` URL for PostgreSQL, anything
 * else a path to an SQLite file. Without `location` it is {@link defaultStoreLocation}, whose folder is created;
 * a location given must be a file (new or an ioplan store) in a folder that exists, so a mistyped `--db` does not
 * leave a new empty store behind. Close it in `finally`.
 * @throws StoreError naming the location, what failed and the fix
 */
export async function openStore(location?: string): Promise<ObservationStore> {
  const where = location ?? defaultStoreLocation();
  const postgres = /^postgres(ql)?:\/\//.test(where);
  if (!postgres && where !== ":memory:") {
    const folder = dirname(resolve(where));
    if (existsSync(where) && statSync(where).isDirectory()) throw new StoreError(where, "is a folder; give a file name for the SQLite store (e.g. " + `${where.replace(/\/$/, "")}/ioplan.sqlite)`);
    if (!existsSync(folder)) {
      if (location !== undefined) throw new StoreError(where, `its folder ${folder} does not exist (create it first, or leave --db out for .ioplan/ioplan.sqlite)`);
      mkdirSync(folder, { recursive: true });
    }
  }
  let store: ObservationStore;
  try {
    store = postgres ? new PostgresStore(where) : new SqliteStore(where);
  } catch (e) {
    throw storeFailure(where, e);
  }
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw storeFailure(where, e);
  }
  return store;
}
