/**
 * Flood check of the HTTP API: /api/health's latency while other clients flood it, against the same server idle
 * (the peer: the floor the flood adds to), and what the job caps do to a burst of comparisons. The server runs in
 * its own process (`ioplan serve`), as users run it; the flood and the samples come from this one.
 *
 * Goal (the safety issue): /api/health under 50 ms p99 during any flood; a burst of comparisons is capped (429 with
 * Retry-After) and the server's memory stays bounded. How: model data built once and served as bytes, per-client
 * rate limits on the costly routes (src/server/rateLimit.ts), comparison jobs capped per client and in all.
 *
 * usage: npm run bench:flood [-- --seconds 10 --connections 50]
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import autocannon from "autocannon";

const ROOT = resolve(import.meta.dirname, "..");
const arg = (name: string, d: number) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : d;
const seconds = arg("seconds", 10);
const connections = arg("connections", 50);

const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    join(ROOT, "src", "cli", "main.ts"),
    "serve",
    "--port",
    "0",
    "--db",
    ":memory:",
    "--workspace",
    join(ROOT, "examples"),
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const url = await new Promise<string>((ok, fail) => {
  let out = "";
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString();
    const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m) ok(m[1]);
  });
  child.on("exit", () => fail(new Error(`the server stopped: ${out}`)));
});

/** Health latencies, one request at a time, for `ms` milliseconds. */
async function sampleHealth(ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t = performance.now();
    await (await fetch(`${url}/api/health`)).text();
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  return out.sort((a, b) => a - b);
}
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const rss = async () =>
  Number(
    /VmRSS:\s+(\d+)/.exec(
      await (await import("node:fs/promises")).readFile(`/proc/${child.pid}/status`, "utf8"),
    )?.[1] ?? NaN,
  ) / 1024;

// warm: the model data and analysis are built once, then cached
for (const id of ["dprk", "bea-detail-2017"]) await (await fetch(`${url}/api/models/${id}/data`)).text();
const idle = await sampleHealth(seconds * 500);
const rssIdle = await rss();
console.log(
  `flood check: ${connections} connections, ${seconds} s, loopback, Node ${process.version}; server pid ${child.pid}\n`,
);
const floods = [
  { name: "GET /api/models/bea-detail-2017/data (402 sectors)", path: "/api/models/bea-detail-2017/data" },
  { name: "GET /api/models/dprk (analysis)", path: "/api/models/dprk" },
  {
    name: "POST /api/quick-check (BEA, 402)",
    path: "/api/quick-check",
    method: "POST" as const,
    body: JSON.stringify({ model: "bea-detail-2017", demand: { "331110": 1.3 } }),
  },
];
console.log(
  "flood                                                 flood req/s  of them 429   health p50 ms  p99 ms   (idle p50, p99 ms)   p99 ratio  goal p99 < 50 ms",
);
for (const f of floods) {
  const flood = autocannon({
    url: `${url}${f.path}`,
    method: f.method ?? "GET",
    body: f.body,
    headers: f.body ? { "content-type": "application/json" } : undefined,
    connections,
    duration: seconds,
  });
  const during = await sampleHealth(seconds * 1000 - 500);
  const r = await flood;
  console.log(
    `${f.name.padEnd(54)}${r.requests.average.toFixed(0).padStart(11)}${`${((100 * r.non2xx) / Math.max(1, r.requests.total)).toFixed(0)} %`.padStart(13)}${q(during, 0.5).toFixed(1).padStart(15)}${q(during, 0.99).toFixed(1).padStart(8)}   (${q(idle, 0.5).toFixed(1)}, ${q(idle, 0.99).toFixed(1)})${(q(during, 0.99) / q(idle, 0.99)).toFixed(1).padStart(12)}×  ${q(during, 0.99) < 50 ? "met" : "MISSED"}`,
  );
}
// a burst of 300 comparisons from one client: the first are taken, the rest refused with Retry-After
const codes = new Map<number, number>();
let retryAfter = "";
for (let k = 0; k < 300; k++) {
  const r = await fetch(`${url}/api/plans/dprk-2021-2025-draft/compare`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  codes.set(r.status, (codes.get(r.status) ?? 0) + 1);
  if (r.status === 429) retryAfter = r.headers.get("retry-after") ?? "";
  await r.text();
}
const health = await sampleHealth(2000);
console.log(
  `\n300 comparisons posted at once by one client: ${[...codes].map(([c, n]) => `${n} × ${c}`).join(", ")} (Retry-After: ${retryAfter} s); health p99 meanwhile ${q(health, 0.99).toFixed(1)} ms`,
);
console.log(
  `server memory: ${rssIdle.toFixed(0)} MiB idle, ${(await rss()).toFixed(0)} MiB after the floods and the burst`,
);
child.kill("SIGTERM");
