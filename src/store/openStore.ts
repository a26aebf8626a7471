import { resolve } from "node:path";
import { PostgresStore } from "./postgresStore.ts";
import { SqliteStore } from "./sqliteStore.ts";
import type { ObservationStore } from "./store.ts";

/** The default store: an SQLite file in `.ioplan/` of the working folder, or `$IOPLAN_DB`. */
export function defaultStoreLocation(): string {
  return process.env.IOPLAN_DB ?? resolve(".ioplan", "ioplan.sqlite");
}

/**
 * Opens (and migrates) the store at `location`: a `postgres://` or `postgresql://` URL for PostgreSQL, anything
 * else a path to an SQLite file (created if missing). Close it in `finally`.
 */
export async function openStore(location = defaultStoreLocation()): Promise<ObservationStore> {
  const store: ObservationStore = /^postgres(ql)?:\/\//.test(location) ? new PostgresStore(location) : new SqliteStore(location);
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}
