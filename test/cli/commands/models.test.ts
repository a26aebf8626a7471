import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readModel } from "../../../src/formats/dataPackage.ts";
import { DATA, EXAMPLES, ROOT } from "../../paths.ts";
import { copyModel, editLine, scratch } from "../../support/scratch.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });

test("ioplan model import bea writes a model that validates, with its warnings printed", () => {
  const out = join(scratch(), "bea");
  const r = run("model", "import", "bea", "--data", join(DATA, "us_bea"), "--year", "2019", "--domestic", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^wrote .*bea: 71 sectors, [\d,]+ coefficients/);
  assert.equal(readModel(out).baseYear, 2019);
  const v = run("model", "validate", out);
  assert.equal(v.status, 0, v.stdout);
  assert.match(v.stdout, /: 0 errors, \d+ warnings?\n$/);
});

test("ioplan model validate exits 1 on errors and lists them with file and line", () => {
  const dir = copyModel(join(EXAMPLES, "bea-summary-2017"));
  editLine(join(dir, "coefficients.csv"), 10, (l) => l.replace(/,[^,]*$/, ",NaN"));
  const r = run("model", "validate", dir, "--json");
  assert.equal(r.status, 1);
  const j = JSON.parse(r.stdout);
  assert.equal(j.ok, false);
  assert.ok(
    j.issues.some(
      (i: { file: string; line: number; message: string }) =>
        i.file.endsWith("coefficients.csv") && i.line === 10 && /"NaN" is not a finite number/.test(i.message),
    ),
  );
});

test("ioplan model info and analyse --json describe a model", () => {
  const info = JSON.parse(run("model", "info", join(EXAMPLES, "wiod-usa-2014"), "--json").stdout);
  assert.equal(info.sectors, 56);
  assert.ok(info.spectralRadius.upper < 1);
  assert.deepEqual(
    info.satellites.map((s: { code: string }) => s.code),
    ["IMP", "EMP", "H_EMPE"],
  );
  const r = run("analyse", join(EXAMPLES, "bea-summary-2017"), "--json");
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  // the whole analysis: the solve's residual and status, ρ with its bounds, the closure used, warnings, then rows
  assert.equal(a.reproduction.status, "converged");
  assert.ok(a.reproduction.residual < 1e-12);
  assert.equal(a.spectralRadius.closed, true);
  assert.ok(Math.abs(a.spectralRadius.value - 0.42619292491280103) < 1e-6, "numpy's ρ(|A|)");
  assert.deepEqual(a.typeII, { labourIncomeRow: "V001", householdDemand: "F010" });
  const rows = a.rows;
  assert.equal(rows.length, 71);
  for (const k of [
    "code",
    "outputMultiplier",
    "outputMultiplierTypeII",
    "valueAddedMultiplier",
    "backwardLinkage",
    "forwardLinkage",
    "keySector",
  ])
    assert.ok(k in rows[0], k);
  // Type II exceeds Type I: induced household spending adds output
  for (const row of rows) assert.ok(row.outputMultiplierTypeII > row.outputMultiplier, row.code);
});

test("analyse solves by LU up to 1,000 sectors, so multipliers are exact to rounding (BEA detail, 402 sectors: residual ~1e-16, not BiCGSTAB's 1e-10)", () => {
  const a = JSON.parse(run("analyse", join(EXAMPLES, "bea-detail-2017"), "--json").stdout);
  assert.equal(a.reproduction.method, "lu");
  assert.ok(a.reproduction.residual < 1e-14, String(a.reproduction.residual));
});

test("a household closure that is not productive makes Type II unavailable, with the reason, and the rest of the analysis stands", () => {
  // households buying 4 × their recorded final demand per unit of income: the induced round exceeds the income it pays
  const dir = copyModel(join(EXAMPLES, "bea-summary-2017"));
  const f = join(dir, "final_demand.csv");
  const [head, ...lines] = readFileSync(f, "utf8").trimEnd().split("\n");
  const k = head.split(",").indexOf("F010");
  writeFileSync(
    f,
    [
      head,
      ...lines.map((l) =>
        l
          .split(",")
          .map((v, j) => (j === k ? String(4 * Number(v)) : v))
          .join(","),
      ),
    ].join("\n") + "\n",
  );
  const r = run("analyse", dir, "--json");
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.match(a.typeII.unavailable, /households closed with V001 and F010: the closed system is not productive/);
  assert.equal(a.rows.length, 71);
  assert.ok(a.rows.every((x: object) => !("outputMultiplierTypeII" in x)));
  const text = run("analyse", dir);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /Type II multipliers: not computed \(households closed with V001 and F010: the closed system is not productive/,
  );
});

test("ioplan solve gives output for a demand file with its residual; a bad demand file exits 2 naming the line", () => {
  const dir = scratch();
  const d = join(dir, "demand.csv");
  writeFileSync(d, "sector,value\nC24,1000\nD35,500\n");
  const r = run("solve", join(EXAMPLES, "wiod-usa-2014"), "--demand", d, "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.converged && j.residual <= 1e-10);
  const c24 = j.sectors.find((s: { code: string }) => s.code === "C24");
  assert.ok(c24.output > 1000);
  // the two-thread solver (compiled products) gives the same outputs
  const p = run("solve", join(EXAMPLES, "wiod-usa-2014"), "--demand", d, "--json", "--method", "parallel");
  assert.equal(p.status, 0, p.stderr);
  const jp = JSON.parse(p.stdout);
  assert.match(jp.method, /2 threads/);
  assert.ok(jp.converged && jp.residual <= 1e-10);
  jp.sectors.forEach((s: { output: number }, i: number) =>
    assert.ok(Math.abs(s.output - j.sectors[i].output) <= 1e-8 * Math.max(1, Math.abs(j.sectors[i].output))),
  );
  writeFileSync(d, "sector,value\nC24,1000\nXX,5\n");
  const bad = run("solve", join(EXAMPLES, "wiod-usa-2014"), "--demand", d);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /demand\.csv:3: sector "XX" is not in model WIOD USA 2014/);
});

test("ioplan model export pymrio then import pymrio round-trips through the command line", () => {
  const dir = scratch();
  assert.equal(
    run("model", "export", "pymrio", join(EXAMPLES, "wiod-usa-2014"), "--out", join(dir, "p"), "--region", "USA")
      .status,
    0,
  );
  const r = run(
    "model",
    "import",
    "pymrio",
    join(dir, "p"),
    "--base-year",
    "2014",
    "--unit",
    "USD million",
    "--out",
    join(dir, "back"),
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readModel(join(dir, "back")).sectors.length, 56);
});

test("every command with an action has --help with an example (the whole command tree, walked from the completion script)", () => {
  // the completion script lists every command path; each leaf must show an example in its help
  const script = run("completion", "bash").stdout;
  const paths = [...script.matchAll(/^ {6}"([^"]+)"\) path=/gm)].map((m) => m[1].split(" "));
  const leaves = paths.filter(
    (p) =>
      !paths.some((q) => q.length === p.length + 1 && q.slice(0, p.length).join(" ") === p.join(" ")) ||
      (p[0] === "demo" && p.length === 1),
  );
  assert.ok(leaves.length >= 25, `${leaves.length} commands`);
  for (const args of leaves) {
    const r = run(...args, "--help");
    assert.equal(r.status, 0, args.join(" "));
    assert.match(r.stdout, /Example/, args.join(" "));
  }
});
