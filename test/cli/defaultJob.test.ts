import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

test("the default job end to end: npm start imports the example, prints the review, writes the report, serves the dashboard; then stops cleanly", async () => {
  const dir = scratch();
  // the README's first command, with the store, report and port redirected to scratch space
  const child = spawn(
    "npm",
    ["start", "--silent", "--", "--db", join(dir, "e.sqlite"), "--out", join(dir, "report"), "--port", "0"],
    { cwd: ROOT, env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  try {
    const url = await new Promise<string>((res, rej) => {
      const t = setInterval(() => {
        const m = /Dashboard \(this example\): (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) {
          clearInterval(t);
          res(m[1]);
        }
      }, 100);
      setTimeout(() => (clearInterval(t), rej(new Error(`no dashboard URL in 120 s\n${out}\n${err}`))), 120_000);
    });
    assert.match(out, /6 of 7 of the ROK central bank's\s+series[\s\S]{0,60}were\s+below\s+2015\s+in\s+2020/);
    assert.ok(out.slice(0, out.indexOf("Dashboard")).trimEnd().split("\n").length <= 60, "the summary fits one screen");
    assert.match(out, /Report: .*dprk\.html/);
    assert.ok(existsSync(join(dir, "report", "dprk.html")));
    const page = await (await fetch(`${url}/`)).text();
    assert.match(page, /<title>ioplan dashboard<\/title>/);
    const review = (await (await fetch(`${url}/api/plans/dprk-2016-2020-strategy/review`)).json()) as {
      rollUp: { text: string };
    };
    assert.match(review.rollUp.text, /missed in \d+ of \d+ targets observed/);
    const health = (await (await fetch(`${url}/api/health`)).json()) as { ok: boolean; store: string };
    assert.deepEqual(health, { ok: true, store: "sqlite", jobs: 0 });
  } finally {
    process.kill(-child.pid!, "SIGTERM");
  }
  const code = await exited;
  assert.ok(code === 0 || code === null, `exit ${code}\n${err}`);
});
