import { after, before } from "node:test";
import { startTestServer } from "./postgresServer.ts";
import type { TestServer } from "./postgresServer.ts";
import { storeSuite } from "./storeSuite.ts";

// A real PostgreSQL server: .ci/run starts one ($IOPLAN_TEST_PG); otherwise this file starts its own.
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.stop();
});
storeSuite("PostgreSQL", () => server.newDatabase());
