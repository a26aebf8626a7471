import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { scanWorkspace } from "../../src/app/workspace.ts";
import { createApp } from "../../src/server/app.ts";
import { hostsFor, startServer } from "../../src/server/serve.ts";
import type { RunningServer } from "../../src/server/serve.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { openStore } from "../../src/store/openStore.ts";
import type { ObservationStore } from "../../src/store/store.ts";
import { EXAMPLES, ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

let store: ObservationStore;
const solver = new WorkerLpSolver();
let local: RunningServer;
let open: RunningServer;
// a dashboard folder with a page, and a link inside it pointing out of it
const site = scratch();
const web = join(site, "dist");
mkdirSync(web, { recursive: true });
writeFileSync(join(web, "index.html"), "<!doctype html><title>ioplan</title>");
writeFileSync(join(site, "secret.txt"), "not for the web");
symlinkSync(join(site, "secret.txt"), join(web, "leak.txt"));

before(async () => {
  store = await openStore(join(scratch(), "guard.sqlite"));
  local = await startServer({
    host: "127.0.0.1",
    port: 0,
    workspace: scanWorkspace(EXAMPLES),
    store,
    solver,
    exampleRoot: ROOT,
    webDir: web,
  });
  open = await startServer({
    host: "0.0.0.0",
    port: 0,
    workspace: scanWorkspace(EXAMPLES),
    store,
    solver,
    exampleRoot: ROOT,
    webDir: web,
    token: "s3cret-token-for-tests",
  });
});
after(async () => {
  await local.close();
  await open.close();
  await solver.close();
  await store.close();
});

/** A raw HTTP request (node:http lets a test set Host, which fetch does not). */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const u = new URL(base.replace("0.0.0.0", "127.0.0.1"));
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        agent: false,
        headers: { ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    r.on("error", reject);
    r.end(body);
  });
}
const row = {
  indicator: "guard_test",
  period: "2021",
  value: 1,
  unit: "t",
  kind: "estimate",
  sourceName: "test",
  status: "estimated",
};
const json = { "content-type": "application/json" };

test("a Host the server does not answer to is refused (DNS rebinding); its own names are served", async () => {
  const port = new URL(local.url).port;
  const evil = await raw(local.url, "GET", "/api/models", { host: "attacker.example" });
  assert.equal(evil.status, 421);
  assert.match(evil.text, /does not answer to Host \\?"attacker\.example\\?"/);
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`])
    assert.equal((await raw(local.url, "GET", "/api/health", { host })).status, 200, host);
  // a write with a foreign Host is refused before anything is stored
  const w = await raw(
    local.url,
    "POST",
    "/api/observations",
    { ...json, host: "attacker.example" },
    JSON.stringify({ batch: "rebind", rows: [row] }),
  );
  assert.equal(w.status, 421);
  assert.equal((await store.list({ indicator: "guard_test" })).length, 0);
  // bound to every address, the server answers to the machine's addresses and the names given, no others
  const hosts = hostsFor("0.0.0.0", ["ioplan.example.org:8080"]);
  assert.ok(hosts.includes("127.0.0.1") && hosts.includes("ioplan.example.org") && !hosts.includes("attacker.example"));
  assert.deepEqual(hostsFor("10.1.2.3", []), ["10.1.2.3"]);
});

test("a web page elsewhere cannot write: foreign Origin, cross-site fetch metadata and text/plain bodies are refused", async () => {
  const body = JSON.stringify({ batch: "csrf", rows: [row] });
  // the attack of the issue: text/plain, a foreign Origin, no token
  const a = await raw(
    local.url,
    "POST",
    "/api/observations",
    { "content-type": "text/plain", origin: "http://evil.example" },
    body,
  );
  assert.equal(a.status, 403);
  assert.match(a.text, /Origin \\?"http:\/\/evil\.example\\?" is not this server's/);
  assert.equal(
    (await raw(local.url, "POST", "/api/observations", { ...json, "sec-fetch-site": "cross-site" }, body)).status,
    403,
  );
  // no Origin (curl, the CLI) but not JSON: refused as a "simple" request a page could send
  const t = await raw(local.url, "POST", "/api/observations", { "content-type": "text/plain" }, body);
  assert.equal(t.status, 415);
  assert.match(t.text, /must send JSON \(Content-Type: application\/json\), not \\?"text\/plain\\?"/);
  assert.equal(
    (await raw(local.url, "POST", "/api/observations", { "content-type": "application/x-www-form-urlencoded" }, "a=1"))
      .status,
    415,
  );
  assert.equal((await store.list({ indicator: "guard_test" })).length, 0);
  // the dashboard's own page (same origin, JSON) writes
  const own = await raw(
    local.url,
    "POST",
    "/api/observations",
    { ...json, origin: local.url, "sec-fetch-site": "same-origin" },
    body,
  );
  assert.equal(own.status, 200, own.text);
  assert.equal((await store.list({ indicator: "guard_test" })).length, 1);
});

test("beyond loopback every state-changing route needs the token, the solves and the example included", async () => {
  const body = JSON.stringify({});
  for (const path of [
    "/api/plans/dprk-2021-2025-draft/check",
    "/api/plans/dprk-2021-2025-draft/optimise",
    "/api/plans/dprk-2021-2025-draft/compare",
    "/api/quick-check",
    "/api/example",
    "/api/observations",
  ]) {
    const r = await raw(open.url, "POST", path, json, body);
    assert.equal(r.status, 401, path);
  }
  const ok = await raw(
    open.url,
    "POST",
    "/api/plans/dprk-2021-2025-draft/check",
    { ...json, authorization: "Bearer s3cret-token-for-tests" },
    body,
  );
  assert.equal(ok.status, 200, ok.text);
  // reading needs no token
  assert.equal((await raw(open.url, "GET", "/api/plans")).status, 200);
});

test("running the example is a POST (it writes); GET answers only once it has run", async () => {
  const before = await raw(local.url, "GET", "/api/example");
  assert.equal(before.status, 404);
  assert.match(before.text, /POST \/api\/example runs it/);
});

test("comparisons are capped per client and in all: 429 with Retry-After beyond the cap", async () => {
  const app = createApp({ workspace: scanWorkspace(EXAMPLES), store, solver, jobLimits: { perClient: 1, total: 1 } });
  const post = () =>
    app.request("/api/plans/dprk-2021-2025-draft/compare", { method: "POST", body: "{}", headers: json });
  const first = await post();
  assert.equal(first.status, 202);
  const second = await post();
  assert.equal(second.status, 429);
  assert.equal(second.headers.get("retry-after"), "5");
  assert.match(((await second.json()) as { error: string }).error, /comparisons are running \(at most 1\)/);
  // once the first is done, the next is taken
  const { poll } = (await first.json()) as { poll: string };
  while (((await (await app.request(poll)).json()) as { status: string }).status === "running")
    await new Promise((r) => setTimeout(r, 20));
  assert.equal((await post()).status, 202);
});

test("the observation import takes its documented 16 MiB; other bodies stop at 1 MiB", async () => {
  // about 2 MiB of valid rows: over the global limit, under the import's
  const rows = Array.from({ length: 12_000 }, (_, k) => ({
    ...row,
    indicator: "guard_bulk",
    period: String(1800 + (k % 400)),
    sourceName: `source ${k} ${"x".repeat(100)}`,
  }));
  const body = JSON.stringify({ batch: "bulk", rows });
  assert.ok(body.length > 1.5 * 1024 * 1024);
  const r = await raw(local.url, "POST", "/api/observations", json, body);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const tooBig = await raw(
    local.url,
    "POST",
    "/api/quick-check",
    json,
    JSON.stringify({ model: "dprk", pad: "x".repeat(1.2 * 1024 * 1024) }),
  );
  assert.equal(tooBig.status, 413);
});

test("static files: a link out of the built folder is not followed; a malformed %-escape is a 400, not a 500", async () => {
  const leak = await raw(local.url, "GET", "/leak.txt");
  assert.equal(leak.status, 200);
  assert.doesNotMatch(leak.text, /not for the web/);
  assert.match(leak.text, /<title>ioplan<\/title>/);
  const bad = await raw(local.url, "GET", "/%E0%A4%A");
  assert.equal(bad.status, 400);
  assert.match(bad.text, /malformed %-escape/);
});

test("one broken model or plan in the workspace is listed with its error; the lists stay up", async () => {
  const dir = scratch();
  mkdirSync(join(dir, "broken"), { recursive: true });
  writeFileSync(join(dir, "broken", "datapackage.json"), "{ not json");
  mkdirSync(join(dir, "plans"), { recursive: true });
  writeFileSync(join(dir, "plans", "bad.yaml"), "name: [unclosed\n");
  const app = createApp({ workspace: scanWorkspace(dir), store, solver });
  const models = await app.request("/api/models");
  assert.equal(models.status, 200);
  const m = (await models.json()) as { id: string; error?: string }[];
  assert.equal(m[0].id, "broken");
  assert.match(m[0].error!, /datapackage\.json/);
  const plans = (await (await app.request("/api/plans")).json()) as { id: string; error?: string }[];
  assert.match(plans[0].error!, /not valid YAML/);
});

test("a client flooding a costly route is refused at once (429 with Retry-After), other routes and clients unaffected", async () => {
  const app = createApp({
    workspace: scanWorkspace(EXAMPLES),
    store,
    solver,
    rates: { recompute: { perSecond: 1, burst: 2 } },
  });
  const q = () =>
    app.request("/api/quick-check", { method: "POST", body: JSON.stringify({ model: "dprk" }), headers: json });
  assert.equal((await q()).status, 200);
  assert.equal((await q()).status, 200);
  const third = await q();
  assert.equal(third.status, 429);
  assert.ok(Number(third.headers.get("retry-after")) >= 1);
  assert.match(
    ((await third.json()) as { error: string }).error,
    /too many recompute requests: at most 1 a second \(2 at once\)/,
  );
  assert.equal((await app.request("/api/health")).status, 200);
});
