import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { PostgresStore } from "./postgresStore.ts";
import { SqliteStore } from "./sqliteStore.ts";
import type { ObservationStore } from "./store.ts";
import { StoreError, storeFailure } from "./storeError.ts";

export { StoreError, storeFailure } from "./storeError.ts";

/** The default store: an SQLite file in `.ioplan/` of the working folder, or `$IOPLAN_DB`. */
export function defaultStoreLocation(): string {
  return process.env.IOPLAN_DB ?? resolve(".ioplan", "ioplan.sqlite");
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
    if (existsSync(where) && statSync(where).isDirectory())
      throw new StoreError(
        where,
        "is a folder; give a file name for the SQLite store (e.g. " + `${where.replace(/\/$/, "")}/ioplan.sqlite)`,
      );
    if (!existsSync(folder)) {
      if (location !== undefined)
        throw new StoreError(
          where,
          `its folder ${folder} does not exist (create it first, or leave --db out for .ioplan/ioplan.sqlite)`,
        );
      mkdirSync(folder, { recursive: true });
    }
  }
  let store: ObservationStore;
  // the PostgreSQL driver (pg) is an optional dependency, loaded only for a postgres:// store
  const Postgres = postgres ? await postgresDriver(where) : undefined;
  try {
    store = Postgres ? new Postgres(where) : new SqliteStore(where);
  } catch (e) {
    throw storeFailure(where, e);
  }
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw storeFailure(where, e);
  }
  return guarded(store, where);
}

/** The PostgreSQL store class, or a StoreError saying to install pg when the package is missing. */
async function postgresDriver(where: string): Promise<typeof PostgresStore> {
  try {
    return (await import("./postgresStore.ts")).PostgresStore;
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && /'pg'/.test((e as Error).message))
      throw new StoreError(where, "needs the PostgreSQL driver, an optional dependency: npm install pg");
    throw e;
  }
}

/**
 * The store with every driver error (locked, full, read-only, connection lost) turned into a StoreError naming the
 * store, what failed and the fix; input errors (a conflicting revision) pass through as they are.
 */
function guarded(store: ObservationStore, where: string): ObservationStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        try {
          const r = (v as (...a: unknown[]) => unknown).apply(target, args);
          return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(storeFailure(where, e))) : r;
        } catch (e) {
          throw storeFailure(where, e);
        }
      };
    },
  });
}
