import { after, before } from "node:test";
import { startTestServer } from "../support/postgresServer.ts";
import type { TestServer } from "../support/postgresServer.ts";
import { storeSuite } from "../support/storeSuite.ts";

// A real PostgreSQL server: .ci/run starts one ($IOPLAN_TEST_PG); otherwise this file starts its own.
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.stop();
});
storeSuite("PostgreSQL", () => server.newDatabase());
