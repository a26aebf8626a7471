import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { StoreError, openStore, storeFailure } from "../../src/store/openStore.ts";
import { ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";
import { bigFile } from "../support/storeSuite.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8", cwd: ROOT });

test("a --db whose folder does not exist, or that is a folder, is refused (exit 2) and nothing is created", () => {
  const dir = scratch();
  const missing = join(dir, "typo", "ioplan.sqlite");
  const r = run("observe", "list", "--db", missing);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /^ioplan: store .*typo\/ioplan\.sqlite: its folder .*typo does not exist \(create it first, or leave --db out/,
  );
  assert.equal(existsSync(join(dir, "typo")), false);
  mkdirSync(join(dir, "folder"));
  const f = run("observe", "list", "--db", join(dir, "folder"));
  assert.equal(f.status, 2);
  assert.match(f.stderr, /is a folder; give a file name for the SQLite store/);
});

test("a file that is not a store, and an unreachable PostgreSQL, are named errors with the fix, not stack traces (exit 2)", async () => {
  const junk = join(scratch(), "junk.sqlite");
  writeFileSync(junk, "this is not a database, it is text ".repeat(200));
  const r = run("observe", "list", "--db", junk);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /^ioplan: store .*junk\.sqlite: is not an SQLite database \(give a new file name, or the ioplan store you meant\) \[SQLITE_NOTADB\]\n$/,
  );
  await assert.rejects(
    openStore("postgres://ioplan:secret@127.0.0.1:1/ioplan"),
    (e: unknown) =>
      e instanceof StoreError &&
      /no PostgreSQL server answers there.*\[ECONNREFUSED\]/.test(e.message) &&
      !e.message.includes("secret"),
  );
  const pg = run("observe", "list", "--db", "postgres://ioplan:secret@127.0.0.1:1/ioplan");
  assert.equal(pg.status, 2);
  assert.doesNotMatch(pg.stderr, /at .*\.js:\d+|secret/);
});

test("readers never wait on a writer: a store is opened and read while another connection holds the write lock", async () => {
  const file = join(scratch(), "busy.sqlite");
  await (await openStore(file)).close();
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.prepare("BEGIN IMMEDIATE").run();
  try {
    // before: opening ran its migration under BEGIN IMMEDIATE, waited out the 10 s busy timeout, then threw
    const s = await openStore(file);
    assert.equal(await s.count(), 0);
    await s.close();
  } finally {
    writer.prepare("ROLLBACK").run();
    writer.close();
  }
});

test("three importers at once all succeed: a writer that finds the lock taken retries with backoff", async () => {
  const file = join(scratch(), "three.sqlite");
  await (await openStore(file)).close();
  const files = [bigFile(40_000, "x"), bigFile(40_000, "y"), bigFile(40_000, "z")];
  const codes = await Promise.all(
    files.map(
      (f) =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, [join(ROOT, "bin", "ioplan.js"), "observe", "import", f, "--db", file], {
            stdio: "ignore",
          }).on("exit", resolve),
        ),
    ),
  );
  assert.deepEqual(codes, [0, 0, 0]);
  const s = await openStore(file);
  assert.equal(await s.count(), 120_000);
  await s.close();
});

test("driver errors while a store is used become StoreErrors with the fix; input errors pass through", async () => {
  // what better-sqlite3 and pg throw, by code (extended SQLite codes by their base code)
  assert.match(
    storeFailure("s.sqlite", Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" })).message,
    /^store s\.sqlite: the disk is full: nothing was written \(free space and run again\) \[SQLITE_FULL\]$/,
  );
  assert.match(
    storeFailure(
      "s.sqlite",
      Object.assign(new Error("attempt to write a readonly database"), { code: "SQLITE_READONLY_DBMOVED" }),
    ).message,
    /is read-only here .*\[SQLITE_READONLY_DBMOVED\]/,
  );
  assert.match(
    storeFailure("postgres://u:pw@h/db", Object.assign(new Error("could not extend file"), { code: "53100" })).message,
    /^store postgres:\/\/u:\*\*\*@h\/db: the PostgreSQL server's disk is full/,
  );
  const input = new TypeError("not the store's");
  assert.equal(storeFailure("s.sqlite", input), input);
  // through an open store: a table another program dropped under it is named, not a stack trace
  const file = join(scratch(), "used.sqlite");
  const s = await openStore(file);
  try {
    const db = new Database(file);
    db.exec("DROP TABLE observations");
    db.close();
    await assert.rejects(
      s.list(),
      (e: unknown) =>
        e instanceof StoreError &&
        /^store .*used\.sqlite: no such table: observations \[SQLITE_ERROR\]$/.test(e.message),
    );
  } finally {
    await s.close();
  }
});

test("the durability setting is stated and can be made stronger: synchronous FULL by default, EXTRA on request", async () => {
  const file = join(scratch(), "durable.sqlite");
  const s = await openStore(file);
  await s.close();
  const read = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import { SqliteStore } from ${JSON.stringify(join(ROOT, "src", "store", "sqliteStore.ts"))}; const s = new SqliteStore(${JSON.stringify(file)}); console.log(s.synchronous); await s.close();`,
      ],
      { encoding: "utf8", env: { ...process.env, ...env } },
    );
  assert.equal(read({}).stdout.trim(), "FULL");
  assert.equal(read({ IOPLAN_SQLITE_SYNCHRONOUS: "extra" }).stdout.trim(), "EXTRA");
  assert.equal(run("observe", "list", "--db", file).status, 0);
  const wrong = spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), "observe", "list", "--db", file], {
    encoding: "utf8",
    env: { ...process.env, IOPLAN_SQLITE_SYNCHRONOUS: "sometimes" },
  });
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /IOPLAN_SQLITE_SYNCHRONOUS=sometimes is not extra, full or normal/);
});
