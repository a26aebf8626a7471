import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { StoreError, openStore } from "../../src/store/openStore.ts";
import { ROOT, scratch } from "../models/helpers.ts";
import { bigFile } from "./storeSuite.ts";

const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8", cwd: ROOT });

test("a --db whose folder does not exist, or that is a folder, is refused (exit 2) and nothing is created", () => {
  const dir = scratch();
  const missing = join(dir, "typo", "ioplan.sqlite");
  const r = run("observe", "list", "--db", missing);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^ioplan: store .*typo\/ioplan\.sqlite: its folder .*typo does not exist \(create it first, or leave --db out/);
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
  assert.match(r.stderr, /^ioplan: store .*junk\.sqlite: is not an SQLite database \(give a new file name, or the ioplan store you meant\) \[SQLITE_NOTADB\]\n$/);
  await assert.rejects(openStore("postgres://ioplan:secret@127.0.0.1:1/ioplan"), (e: unknown) => e instanceof StoreError && /no PostgreSQL server answers there.*\[ECONNREFUSED\]/.test(e.message) && !e.message.includes("secret"));
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
  const codes = await Promise.all(files.map((f) => new Promise<number | null>((resolve) => spawn(process.execPath, [join(ROOT, "bin", "ioplan.js"), "observe", "import", f, "--db", file], { stdio: "ignore" }).on("exit", resolve))));
  assert.deepEqual(codes, [0, 0, 0]);
  const s = await openStore(file);
  assert.equal(await s.count(), 120_000);
  await s.close();
});
