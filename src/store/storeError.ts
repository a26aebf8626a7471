import { IoplanError } from "../engine/index.ts";
/** A store that cannot be opened or used: where, what failed, and how to fix it (the CLI exits 2). */
export class StoreError extends IoplanError {
  constructor(
    readonly location: string,
    message: string,
  ) {
    // 503 at the API: the server's own store is not usable, not the request
    super("store", `store ${redact(location)}: ${message}`, 503);
  }
}

/** A PostgreSQL URL without its password, for messages. */
function redact(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, "$1:***@");
}

const WHY: Record<string, string> = {
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
  "53100": "the PostgreSQL server's disk is full: nothing was committed (free space and run again)",
  ENOSPC: "the disk is full: nothing was written (free space and run again)",
};

/**
 * What a driver's error means for the user, with the fix (SQLite result codes, extended ones by their base code;
 * PostgreSQL SQLSTATEs; socket codes). Errors that are not the store's (an input error) pass through unchanged.
 */
export function storeFailure(location: string, e: unknown): Error {
  if (e instanceof StoreError) return e;
  const err = e as { code?: string; message?: string; name?: string };
  const code = typeof err.code === "string" ? err.code : "";
  const text = WHY[code] ?? WHY[code.replace(/^(SQLITE_[A-Z]+)_.*$/, "$1")];
  if (text) return new StoreError(location, `${text} [${code}]`);
  if (err.name === "SqliteError" || /^(E[A-Z]+|[0-9A-Z]{5})$/.test(code))
    return new StoreError(location, `${err.message ?? String(e)}${code ? ` [${code}]` : ""}`);
  return e as Error;
}
