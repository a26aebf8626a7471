/**
 * Load check of the HTTP API on loopback (autocannon, bounded in time): requests per second and latency (p50,
 * p99) for a read endpoint (GET /api/models/dprk: model, analysis, largest flows) and a recompute endpoint
 * (POST /api/quick-check: the one-year Leontief check, on the 9-sector DPRK model and the 402-sector BEA
 * detail model), with the errors counted. The peer: a bare node:http server answering the same read with the
 * same bytes, prepared in advance — the floor any framework and handler add to.
 *
 * usage: npm run bench:load [-- --seconds 10 --connections 10]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { scanWorkspace } from "../src/app/workspace.ts";
import { startServer } from "../src/server/serve.ts";
import { WorkerLpSolver } from "../src/solvers/index.ts";
import { openStore } from "../src/store/openStore.ts";

const ROOT = resolve(import.meta.dirname, "..");
const arg = (name: string, d: number) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : d;
const seconds = arg("seconds", 10);
const connections = arg("connections", 10);

const store = await openStore(":memory:");
const solver = new WorkerLpSolver();
// raw capacity: without the per-client rate limits (bench:flood measures what they protect)
const server = await startServer({
  host: "127.0.0.1",
  port: 0,
  workspace: scanWorkspace(join(ROOT, "examples")),
  store,
  solver,
  rates: false,
});
const body = await (await fetch(`${server.url}/api/models/dprk`)).text();
const bare = createServer((_q, r) => r.writeHead(200, { "content-type": "application/json" }).end(body));
await new Promise<void>((ok) => bare.listen(0, "127.0.0.1", ok));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
// warm the caches (model reads, factorisations) before measuring
for (const m of ["dprk", "bea-detail-2017"])
  await fetch(`${server.url}/api/quick-check`, {
    method: "POST",
    body: JSON.stringify({ model: m }),
    headers: { "content-type": "application/json" },
  });

const cases = [
  { name: "read  GET /api/models/dprk", url: `${server.url}/api/models/dprk` },
  { name: "peer  bare node:http, same bytes", url: bareUrl },
  {
    name: "recompute POST /api/quick-check (DPRK, 9)",
    url: `${server.url}/api/quick-check`,
    method: "POST",
    body: JSON.stringify({ model: "dprk", demand: { MET: 1.3 }, importCap: 0.6, capacityLoss: { AGR: 0.05 } }),
  },
  {
    name: "recompute POST /api/quick-check (BEA, 402)",
    url: `${server.url}/api/quick-check`,
    method: "POST",
    body: JSON.stringify({ model: "bea-detail-2017", demand: { "331110": 1.3 }, capacity: 1.05 }),
  },
];
console.log(`load check: ${connections} connections, ${seconds} s per case, loopback, Node ${process.version}\n`);
console.log("case                                          req/s     p50 ms   p99 ms   errors  non-2xx");
const results: Record<string, number> = {};
for (const c of cases) {
  const r = await autocannon({
    url: c.url,
    method: c.method ?? "GET",
    body: c.body,
    headers: c.body ? { "content-type": "application/json" } : undefined,
    connections,
    duration: seconds,
  });
  results[c.name] = r.requests.average;
  console.log(
    `${c.name.padEnd(44)}${r.requests.average.toFixed(0).padStart(8)}${r.latency.p50.toFixed(1).padStart(10)}${r.latency.p99.toFixed(1).padStart(9)}${String(r.errors + r.timeouts).padStart(9)}${String(r.non2xx).padStart(9)}`,
  );
}
console.log(
  `\nread endpoint vs bare node:http: ${(results[cases[0].name] / results[cases[1].name]).toFixed(2)}× the peer's requests per second`,
);
await server.close();
bare.close();
await solver.close();
await store.close();
