import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readMrio } from "../../../src/formats/mrioPackage.ts";
import { assertClose } from "../../support/assertClose.ts";
import { DATA, FIXTURES, ROOT } from "../../paths.ts";
import { scratch } from "../../support/scratch.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });
const FOLDER = join(FIXTURES, "pymrio_mrio");
// Expected numbers: test/fixtures/pymrio_mrio_reference.json, written with numpy from pymrio's definitions by
// scripts/fixtures/pymrio_mrio.py.
type Accounts = { D_cba_reg: number[]; D_pba_reg: number[]; D_imp_reg: number[]; D_exp_reg: number[] };
const ref = JSON.parse(readFileSync(join(FIXTURES, "pymrio_mrio_reference.json"), "utf8")) as {
  stressors: Record<string, Accounts>;
  multipliers: { intra: number[]; spillover: number[]; feedback: number[] };
};

test("ioplan mrio import writes a package with regions that keeps F_Y; --json says what it wrote", () => {
  const out = join(scratch(), "pkg");
  const r = run("mrio", "import", FOLDER, "--out", out, "--base-year", "2020", "--unit", "M.EUR", "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(
    [j.kind, j.regions, j.sectors, j.categories],
    ["pymrio", ["reg1", "reg2"], 2, ["households", "investment"]],
  );
  assert.deepEqual(
    j.stressors.map((s: { code: string; withFinalDemand: boolean }) => [s.code, s.withFinalDemand]),
    [
      ["emissions:co2/air", true],
      ["emissions:nox/air", true],
      ["factor_inputs:Value Added", false],
    ],
  );
  const m = readMrio(out);
  assert.deepEqual([m.baseYear, m.unit], [2020, "M.EUR"]);
  const text = run("mrio", "import", out, "--out", join(scratch(), "again"));
  assert.match(
    text.stdout,
    /^wrote .*again: two_region_test, 2 regions \(reg1, reg2\) × 2 sectors, 2 final-demand categories, 3 stressors \(2 with F_Y\)/,
  );
});

test("ioplan mrio accounts --json gives pymrio's regional accounts and the identity residual", () => {
  const r = run("mrio", "accounts", FOLDER, "--json", "--by", "sector");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.regions, ["reg1", "reg2"]);
  for (const s of j.stressors) {
    const e = ref.stressors[s.code];
    assertClose(
      s.byRegion.map((x: { D_cba: number }) => x.D_cba),
      e.D_cba_reg,
      { rel: 1e-10 },
    );
    assertClose(
      s.byRegion.map((x: { D_pba: number }) => x.D_pba),
      e.D_pba_reg,
      { rel: 1e-10 },
    );
    assertClose(
      s.byRegion.map((x: { D_imp: number }) => x.D_imp),
      e.D_imp_reg,
      { rel: 1e-10, abs: 1e-12 },
    );
    assertClose(
      s.byRegion.map((x: { D_exp: number }) => x.D_exp),
      e.D_exp_reg,
      { rel: 1e-10, abs: 1e-12 },
    );
    for (const x of s.byRegion)
      assert.ok(Math.abs(x.identityResidual) < 1e-9, `${s.code} ${x.region}: ${x.identityResidual}`);
    assert.equal(s.bySector.length, 4);
    for (const k of ["region", "sector", "D_cba", "D_pba", "D_imp", "D_exp"]) assert.ok(k in s.bySector[0], k);
  }
  const one = JSON.parse(run("mrio", "accounts", FOLDER, "--stressor", "co2/air", "--json").stdout);
  assert.deepEqual(
    one.stressors.map((s: { code: string }) => s.code),
    ["emissions:co2/air"],
  );
  const text = run("mrio", "accounts", FOLDER, "--stressor", "co2/air");
  assert.match(text.stdout, /reg1 +1,286 +1,280 +296\.432 +290\.700 +80\.000 +0\n/);
});

test("ioplan mrio accounts aggregates by a concordance; unknown and unmapped codes exit 2 naming them", () => {
  const dir = scratch();
  const all = join(dir, "all.csv");
  writeFileSync(all, "code,group\nreg1,world\nreg2,world\n");
  const j = JSON.parse(
    run("mrio", "accounts", FOLDER, "--aggregate-regions", all, "--stressor", "Value Added", "--json").stdout,
  );
  // one region: the footprint of value added is all of it, nothing is traded (the script's value added sums to 2,085)
  assert.deepEqual(j.regions, ["world"]);
  assertClose(j.stressors[0].byRegion[0], { D_cba: 2085, D_pba: 2085, D_imp: 0, D_exp: 0 }, { rel: 1e-12, abs: 1e-9 });
  const unknown = join(dir, "unknown.csv");
  writeFileSync(unknown, "code,group\nreg1,a\nreg3,b\n");
  const u = run("mrio", "accounts", FOLDER, "--aggregate-regions", unknown);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /unknown\.csv: region reg3 \(line 3\) is not in the model \(regions: reg1, reg2\)/);
  const partial = join(dir, "partial.csv");
  writeFileSync(partial, "code,group\nfood,agrifood\n");
  const p = run("mrio", "accounts", FOLDER, "--aggregate-sectors", partial);
  assert.equal(p.status, 2);
  assert.match(p.stderr, /partial\.csv: does not map the sector steel; every sector of the model needs a group/);
  const s = run("mrio", "accounts", FOLDER, "--stressor", "ch4");
  assert.equal(s.status, 2);
  assert.match(
    s.stderr,
    /--stressor ch4 is not in the model; stressors: emissions:co2\/air, emissions:nox\/air, factor_inputs:Value Added/,
  );
  assert.equal(run("mrio", "accounts", FOLDER, "--by", "country").status, 2);
  assert.equal(run("mrio", "accounts", join(dir, "nowhere")).status, 2);
});

test("ioplan mrio accounts --by sector gives pymrio's multipliers M = S·L per (region, sector), and mrio trade the gross bilateral trade", () => {
  const j = JSON.parse(run("mrio", "accounts", FOLDER, "--stressor", "co2/air", "--by", "sector", "--json").stdout);
  const rows = j.stressors[0].bySector as { D_pba: number; S: number; M: number; M_down: number }[];
  // S = F/x with the fixture's x; M = S·L with the fixture's L (numpy's inverse)
  const L = (ref as unknown as { L: number[][] }).L;
  const x = (ref as unknown as { x: number[] }).x;
  const S = rows.map((r, k) => r.D_pba / x[k]);
  assertClose(
    rows.map((r) => r.S),
    S,
    { rel: 1e-12 },
  );
  assertClose(
    rows.map((r) => r.M),
    S.map((_, jj) => S.reduce((a, s, i) => a + s * L[i][jj], 0)),
    { rel: 1e-10 },
  );
  const text = run("mrio", "accounts", FOLDER, "--stressor", "co2/air", "--by", "sector");
  assert.match(text.stdout, /M \(upstream\) +M_down/);
  // gross trade: the off-diagonal blocks of Z and Y, summed by hand from the fixture's files
  const table = (f: string) =>
    readFileSync(join(FOLDER, f), "utf8")
      .trim()
      .split("\n")
      .slice(3)
      .map((l) => l.split("\t"));
  const offDiagonal = (rowsOf: string[][], header: string[]) =>
    rowsOf
      .filter((r) => r[0] === "reg1")
      .reduce((a, r) => a + r.slice(2).reduce((b, v, c) => b + (header[c + 2] === "reg2" ? Number(v) : 0), 0), 0);
  const header = (f: string) => readFileSync(join(FOLDER, f), "utf8").split("\n")[0].split("\t");
  const expected = offDiagonal(table("Z.txt"), header("Z.txt")) + offDiagonal(table("Y.txt"), header("Y.txt"));
  const t = run("mrio", "trade", FOLDER, "--json");
  assert.equal(t.status, 0, t.stderr);
  const trade = JSON.parse(t.stdout) as { bilateral: { region: string; to: Record<string, number> }[] };
  assertClose(
    trade.bilateral.filter((b) => b.region === "reg1").reduce((a, b) => a + b.to.reg2, 0),
    expected,
    { rel: 1e-12 },
  );
  assert.ok(
    trade.bilateral.every((b) => b.to[b.region] === 0),
    "domestic blocks are zero",
  );
  assert.match(run("mrio", "trade", FOLDER).stdout, /from \\ to +reg1 +reg2 +gross exports/);
});

test("ioplan mrio multipliers --json gives Miller & Blair's intra-regional, feedback and spillover multipliers", () => {
  const r = run("mrio", "multipliers", FOLDER, "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const rows = j.sectors as {
    region: string;
    sector: string;
    intraregional: number;
    feedback: number;
    spillover: number;
  }[];
  assert.deepEqual(
    rows.map((x) => `${x.region}/${x.sector}`),
    ["reg1/food", "reg1/steel", "reg2/food", "reg2/steel"],
  );
  assertClose(
    rows.map((x) => x.intraregional),
    ref.multipliers.intra,
    { rel: 1e-10 },
  );
  assertClose(
    rows.map((x) => x.feedback),
    ref.multipliers.feedback,
    { rel: 1e-8 },
  );
  assertClose(
    rows.map((x) => x.spillover),
    ref.multipliers.spillover,
    { rel: 1e-10 },
  );
  assert.deepEqual(
    j.summaries.map((s: { region: string }) => s.region),
    ["reg1", "reg2"],
  );
});

test("ioplan mrio shock cuts trade and reports both regions; a bad cut exits 2 naming it", () => {
  const r = run("mrio", "shock", FOLDER, "--cut", "reg2>reg1:steel=0", "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const [reg1, reg2] = j.regions;
  // reg2's steel loses its sales to reg1 (and what they drew through reg2's other sector); reg1 loses the feedback
  assert.ok(reg2.change < 0 && reg1.change < 0 && reg2.change < reg1.change, JSON.stringify(j.regions));
  assert.ok(j.residual < 1e-12);
  for (const [cut, msg] of [
    ["reg2>reg9=0", /region reg9 is not in the model \(regions: reg1, reg2\)/],
    ["reg2>reg1:iron=0", /sector iron not in the model \(sectors: food, steel\)/],
    ["reg2>reg1=-1", /factor -1 is not a number ≥ 0/],
    ["reg2-reg1", /expected ORIGIN>DESTINATION/],
  ] as const) {
    const b = run("mrio", "shock", FOLDER, "--cut", cut);
    assert.equal(b.status, 2, cut);
    assert.match(b.stderr, msg);
  }
});

test("ioplan demo china: the 2017 bans and the 2020 closure reach both sides, with sources and what the data cannot carry", () => {
  const out = join(scratch(), "dprk-china");
  const r = run("demo", "china", "--data", DATA, "--out", out, "--json");
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const bans = j.scenarios.find((s: { id: string }) => s.id === "bans-2017");
  const byRegion = Object.fromEntries(
    bans.result.regions.map((g: { code: string; change: number }) => [g.code, g.change]),
  );
  assert.ok(byRegion.DPRK < 0 && byRegion.CHN < 0, JSON.stringify(byRegion));
  assert.ok(
    bans.result.sectors.some((s: { region: string; change: number }) => s.region === "CHN" && s.change < 0),
    "China's sectors are reached",
  );
  assert.ok(
    bans.sources.every((s: string) => /^dprk\/events\.csv:\d+ /.test(s)),
    bans.sources.join("\n"),
  );
  assert.ok(
    j.notes.some((n: string) => /dprk\/events\.csv:66 TRD-2016-03/.test(n)),
    "the exports figure cites its line",
  );
  assert.ok(j.cannotCarry.some((n: string) => /no input–output table of its own/.test(n)));
  const m = readMrio(out);
  assert.deepEqual(m.regions, ["DPRK", "CHN"]);
  // the model balances: x = A·x + Y·1 in every row (the blocks were split, not scaled)
  const N = m.x.length;
  const A = m.A as { data: Float64Array };
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < N; k++) s += A.data[i * N + k] * m.x[k];
    for (let c = 0; c < m.Y.cols; c++) s += m.Y.data[i * m.Y.cols + c];
    assertClose(s, m.x[i], { rel: 1e-9 });
  }
  const text = run("demo", "china", "--data", DATA);
  assert.match(text.stdout, /What the data cannot carry:/);
});
