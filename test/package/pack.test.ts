import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

// The package as others get it: `npm pack` (its prepack builds dist/ and the dashboard), the tarball installed into an
// empty folder with npm (from npm's cache where it can: no network beyond the registry), then used there through
// `npx ioplan` and `import("ioplan")`, with none of the optional packages (pg, playwright-core, @sparticuz/chromium).
const npm = (args: string[], cwd: string) =>
  spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" },
  });

test(
  "npm pack, install the tarball into an empty folder, run npx ioplan demo bea and import('ioplan') there",
  { timeout: 600_000 },
  () => {
    const out = scratch();
    const pack = npm(["pack", "--pack-destination", out, "--json"], ROOT);
    assert.equal(pack.status, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as {
      filename: string;
      size: number;
      unpackedSize: number;
      files: { path: string }[];
    }[];
    const paths = info.files.map((f) => f.path);
    // what a user needs, and nothing of the development tree
    for (const p of [
      "bin/ioplan.js",
      "dist/cli/main.js",
      "dist/engine/index.js",
      "dist/engine/index.d.ts",
      "dist/solvers/lpWorker.js",
      "dist/workers/tileWorker.mjs",
      "dist/solvers/native/highs_scipy.py",
      "web/dist/index.html",
      "examples/bea-summary-2017/datapackage.json",
      "schemas/plan.schema.json",
      "LICENSE",
      "README.md",
      "package.json",
    ])
      assert.ok(paths.includes(p), `the package holds ${p}`);
    assert.ok(
      !paths.some((p) => /^(src|test|bench|fuzz|scripts)\//.test(p) || p.endsWith(".tsbuildinfo")),
      "no source tree, tests or build state",
    );
    assert.ok(info.size < 8 * 2 ** 20, `packed size ${info.size} bytes`);

    const app = join(scratch(), "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "uses-ioplan", private: true, type: "module" }));
    const install = npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(out, info.filename)], app);
    assert.equal(install.status, 0, install.stderr);
    const modules = readdirSync(join(app, "node_modules"));
    for (const dev of ["tsx", "typescript", "vite", "pg", "playwright-core", "@sparticuz"])
      assert.ok(!modules.includes(dev), `${dev} is not installed with ioplan`);

    // the command: its version, and the default analysis from the model the package ships (no raw tables here)
    const version = spawnSync("npx", ["ioplan", "--version"], { cwd: app, encoding: "utf8" });
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    const demo = spawnSync("npx", ["ioplan", "demo", "bea"], {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, IOPLAN_DATA: join(app, "no-data") },
    });
    assert.equal(demo.status, 0, demo.stderr);
    assert.match(demo.stdout, /the 2017 model shipped in .*examples\/bea-summary-2017/);
    assert.match(demo.stdout, /US BEA summary 2017 \(domestic\): 71 sectors/);
    assert.match(demo.stdout, /Key sectors \(backward and forward linkage both above average\): \d+ of 71/);

    // the library: Miller & Blair's two sectors (2009, §2.3), total requirements from the package's engine
    const lib = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `
    const m = await import("ioplan");
    const A = m.denseMatrix(2, 2, [0.15, 0.25, 0.2, 0.05]);
    const L = m.luInverse(m.luFactor(m.denseMatrix(2, 2, [0.85, -0.25, -0.2, 0.95])));
    console.log(JSON.stringify({ A: Array.from(A.data), L: Array.from(L.data).map((v) => v.toFixed(4)) }));
  `,
      ],
      { cwd: app, encoding: "utf8" },
    );
    assert.equal(lib.status, 0, lib.stderr);
    assert.deepEqual(JSON.parse(lib.stdout), {
      A: [0.15, 0.25, 0.2, 0.05],
      L: ["1.2541", "0.3300", "0.2640", "1.1221"],
    });

    // without the optional packages, what needs them says what to install (exit 2); the rest runs
    const pdf = spawnSync(
      "npx",
      [
        "ioplan",
        "report",
        join(app, "node_modules", "ioplan", "examples", "plans", "usa-2015-2019-illustrative.yaml"),
        "--pdf",
        "--out",
        join(app, "report"),
      ],
      { cwd: app, encoding: "utf8" },
    );
    assert.equal(pdf.status, 2, pdf.stderr);
    assert.match(pdf.stderr, /^ioplan: .*npm install (playwright-core|@sparticuz\/chromium)/);
    assert.ok(
      existsSync(join(app, "report", "report.html")) && statSync(join(app, "report", "report.html")).size > 10_000,
      "the HTML report is written all the same",
    );
    const pg = spawnSync("npx", ["ioplan", "observe", "list", "--db", "postgres://nobody@127.0.0.1:1/none"], {
      cwd: app,
      encoding: "utf8",
    });
    assert.equal(pg.status, 2);
    assert.match(
      pg.stderr,
      /^ioplan: store postgres:\/\/nobody@127\.0\.0\.1:1\/none: needs the PostgreSQL driver, an optional dependency: npm install pg\n$/,
    );
  },
);
