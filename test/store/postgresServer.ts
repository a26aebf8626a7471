import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** A PostgreSQL server for one test file: fresh databases on demand, and how to stop it. */
export interface TestServer {
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a && typeof a === "object" ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * A real PostgreSQL server for tests. With $IOPLAN_TEST_PG (set by .ci/run, which starts a throwaway cluster)
 * a fresh database is created on it; otherwise a throwaway cluster is initialised and started here on a
 * loopback port (as the `postgres` user when running as root: initdb refuses root) and removed afterwards.
 */
export async function startTestServer(): Promise<TestServer> {
  let adminUrl = process.env.IOPLAN_TEST_PG;
  let cleanup = async () => {};
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), "ioplan-pg-"));
    const root = process.getuid?.() === 0;
    const asPg = (cmd: string, args: string[]) => (root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]) as [string, string[]];
    if (root) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      chownSync(dir, uid, gid);
      chmodSync(dir, 0o700);
    }
    const port = await freePort();
    const init = spawnSync(...asPg("initdb", ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]), { encoding: "utf8" });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const start = spawnSync(...asPg("pg_ctl", ["-D", join(dir, "data"), "-l", join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]), { encoding: "utf8" });
    if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}${start.stdout}`);
    adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    cleanup = async () => {
      spawnSync(...asPg("pg_ctl", ["-D", join(dir, "data"), "-m", "immediate", "stop"]));
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const url = adminUrl;
  const names: string[] = [];
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  return {
    async newDatabase() {
      const name = `ioplan_test_${process.pid}_${names.length}_${Date.now()}`;
      await admin(`CREATE DATABASE ${name}`);
      names.push(name);
      return url.replace(/\/[^/]*$/, `/${name}`);
    },
    async stop() {
      for (const n of names) await admin(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`).catch(() => undefined);
      await cleanup();
    },
  };
}
