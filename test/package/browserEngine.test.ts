import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { test } from "node:test";
import { launchChromium } from "../../src/report/pdf.ts";
import { ROOT } from "../paths.ts";

// The engine as a browser ES module: the compiled dist/engine/index.js (npm run build) with the compiled kernels it
// imports (dist/kernels/), loaded by a plain <script type="module"> page from a static server of dist/, in real
// Chromium, with no bundler. Neither may import anything from node:* (their file trees are scanned), and the page must
// give the numbers Node gives from the same file.
const DIST = join(ROOT, "dist");

/** The same computation in the page and in Node: Miller & Blair's two sectors, and a sparse 3,000-sector economy. */
const PROGRAM = `
export function run(m) {
  const mb = m.createLeontiefSystem(m.denseMatrix(2, 2, [0.15, 0.25, 0.2, 0.05]));
  const small = Array.from(m.outputMultipliers(mb).values);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 3000, rows = [], cols = [], vals = [];
  for (let j = 0; j < n; j++) for (let k = 0; k < 8; k++) { rows.push(Math.floor(rand() * n)); cols.push(j); vals.push(0.09 * rand()); }
  const seen = new Set(), r = [], c = [], v = [];
  rows.forEach((i, k) => { const key = i * n + cols[k]; if (!seen.has(key)) { seen.add(key); r.push(i); c.push(cols[k]); v.push(vals[k]); } });
  const big = m.createLeontiefSystem(m.csrFromTriplets(n, n, { rows: r, cols: c, values: v }));
  const mult = m.outputMultipliers(big, { method: "bicgstab", tolerance: 1e-12 });
  return { small, sum: Array.from(mult.values).reduce((a, b) => a + b, 0), first: mult.values[0], converged: mult.solve.converged };
}`;

test(
  "the compiled engine imports nothing from node:* and runs as an ES module in Chromium, giving Node's numbers",
  { timeout: 180_000 },
  async () => {
    execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, stdio: "pipe" });
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d).forEach((f) =>
        statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith(".js") && files.push(join(d, f)),
      );
    walk(join(DIST, "engine"));
    walk(join(DIST, "kernels"));
    assert.ok(files.length > 20);
    for (const f of files)
      assert.doesNotMatch(
        readFileSync(f, "utf8"),
        /from\s+["']node:|import\(["']node:|require\(/,
        `${f} imports node:*`,
      );

    const page = `<!doctype html><meta charset="utf-8"><script type="module">
    import * as m from "./index.js";
    ${PROGRAM.replace("export function run", "function run")}
    try { window.result = run(m); } catch (e) { window.result = { error: String(e) }; }
  </script>`;
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]));
      if (path === "/engine/" || path === "/engine/index.html")
        return res.writeHead(200, { "content-type": "text/html" }).end(page);
      const file = join(DIST, path);
      if (!file.startsWith(DIST) || !file.endsWith(".js")) return res.writeHead(404).end();
      let body: Buffer;
      try {
        body = readFileSync(file);
      } catch {
        return res.writeHead(404).end();
      }
      res.writeHead(200, { "content-type": "text/javascript" }).end(body);
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/engine/`);
      await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, {
        timeout: 60_000,
      });
      const inBrowser = (await tab.evaluate(() => (window as unknown as { result: unknown }).result)) as {
        small: number[];
        sum: number;
        first: number;
        converged: boolean;
        error?: string;
      };
      assert.deepEqual(errors, []);
      assert.equal(inBrowser.error, undefined);
      // Node, from the same compiled file
      const engine = await import(join(DIST, "engine", "index.js"));
      const run = (await import(`data:text/javascript,${encodeURIComponent(PROGRAM)}`)).run as (
        m: unknown,
      ) => typeof inBrowser;
      const inNode = run(engine);
      // M&B (2009) §2.3: L's column sums are 1.15/0.7575 and 1.1/0.7575 (1.518 and 1.452 in the book)
      assert.deepEqual(
        inBrowser.small.map((v) => v.toFixed(6)),
        [(1.15 / 0.7575).toFixed(6), (1.1 / 0.7575).toFixed(6)],
      );
      assert.ok(inBrowser.converged && inNode.converged);
      assert.ok(Math.abs(inBrowser.sum - inNode.sum) <= 1e-9 * inNode.sum, `${inBrowser.sum} vs ${inNode.sum}`);
      assert.ok(Math.abs(inBrowser.first - inNode.first) <= 1e-9 * inNode.first);
      assert.ok(
        requests.every((r) => r === "/engine/" || r === "/favicon.ico" || r.endsWith(".js")),
        `requests: ${requests.join(", ")}`,
      );
    } finally {
      await browser.close();
      server.close();
    }
  },
);
