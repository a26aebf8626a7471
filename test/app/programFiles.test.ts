import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { LpBuilder, buildPlanProgram, checkPlan, optimisePlan } from "../../src/engine/index.ts";
import type { LinearProgram } from "../../src/engine/index.ts";
import { loadPlan } from "../../src/app/planning.ts";
import { writeLp, writeMps } from "../../src/formats/mps.ts";
import { nativeHighsSolver } from "../../src/solvers/highsNative.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { EXAMPLES, ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";

// The programs ioplan solves, written as MPS and LP, read back by a reader written from the format's definition
// (src/solvers/native/highs_scipy.py) and solved by native HiGHS (scipy's): the same optimum as ioplan's own solve.
const wasm = new WorkerLpSolver();
after(() => wasm.close());
const USA = join(EXAMPLES, "plans", "usa-2015-2019-illustrative.yaml");
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8" });
const python = (file: string) =>
  JSON.parse(
    spawnSync("python3", [join(ROOT, "src", "solvers", "native", "highs_scipy.py"), file], { encoding: "utf8" }).stdout,
  ) as { status: string; objective: number; x: number[]; rowDual: number[] };

test("every kind of row and bound survives MPS: equality, ≤, ≥, ranged and free rows; fixed, free, negative-upper and shifted columns; an objective constant", async () => {
  const b = new LpBuilder();
  const eq = b.addRow("eq", 4, 4);
  const le = b.addRow("le", -Infinity, 10);
  const ge = b.addRow("ge", 1, Infinity);
  const rng = b.addRow("range", -3, 5);
  const free = b.addRow("free", -Infinity, Infinity);
  b.addCol("x", 1, 0, Infinity, [
    [eq, 1],
    [le, 2],
    [free, 1],
  ]);
  b.addCol("y", -2, -Infinity, Infinity, [
    [eq, 1],
    [rng, 1],
    [ge, 1],
  ]);
  b.addCol("z", 0.5, 2, 2, [
    [le, 1],
    [rng, -1],
  ]);
  b.addCol("w", 3, -Infinity, -1, [
    [ge, -1],
    [rng, 1],
  ]);
  b.addCol("v", 1, 1.5, 7, [[le, 1]]);
  const lp: LinearProgram = { ...b.build("minimize"), offset: 2.5 };
  const ours = await wasm.solve(lp);
  const f = join(scratch(), "kinds.mps");
  writeFileSync(f, writeMps(lp, "kinds"));
  const theirs = python(f);
  assert.equal(ours.status, "optimal");
  assert.equal(theirs.status, "optimal");
  assert.ok(Math.abs(theirs.objective - ours.objective) < 1e-9, `${theirs.objective} vs ${ours.objective}`);
  theirs.x.forEach((v, j) => assert.ok(Math.abs(v - ours.x[j]) < 1e-9, `column ${j}: ${v} vs ${ours.x[j]}`));
  // maximisation, written with OBJSENSE
  const max = {
    ...lp,
    sense: "maximize" as const,
    colUpper: Float64Array.from(lp.colUpper, (u) => Math.min(u, 50)),
    colLower: Float64Array.from(lp.colLower, (l) => Math.max(l, -50)),
  };
  writeFileSync(f, writeMps(max));
  assert.match(readFileSync(f, "utf8"), /^OBJSENSE\n {4}MAX$/m);
  const [a, c] = [await wasm.solve(max), python(f)];
  assert.ok(Math.abs(a.objective - c.objective) < 1e-9, `${c.objective} vs ${a.objective}`);
  // the LP format: every row and column, names in its alphabet
  const text = writeLp(lp);
  for (const name of ["eq:", "le:", "ge:", "range:", "free:", " v <= 7", " z = 2", " y free", "-inf <= w <= -1"])
    assert.ok(text.includes(name), `LP has ${name}`);
  assert.match(text, / range: -3 <= .* <= 5/);
});

test("a program of 300,000 bounded and ranged rows is written whole (its RHS and RANGES lines once overflowed the call stack)", () => {
  const b = new LpBuilder({ names: false });
  const rows = 300_000;
  for (let i = 0; i < rows; i++) b.addRow(`r${i}`, i % 2 ? -Infinity : 1, i % 3 ? 5 : Infinity);
  for (let i = 0; i < rows; i++) b.entry(i, 1);
  b.endCol("x", 1, 0, Infinity);
  const text = writeMps(b.build("minimize"));
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  // rows i: ≥ 1 when i is even, ≤ 5 unless i is a multiple of 3; both (ranged) for even non-multiples, neither (free)
  // for odd multiples of 3
  assert.equal(count(/^ {4}RHS /gm), rows - rows / 6);
  assert.equal(count(/^ {4}RNG /gm), rows / 3);
  assert.match(text, /ENDATA\n$/);
});

test("the check's and the optimum's programs, written by the command line, solve to ioplan's own results in native HiGHS; names say sector, year and role", async () => {
  const dir = scratch();
  const r = cli(["plan", "check", USA, "--write-mps", join(dir, "check.mps"), "--write-lp", join(dir, "check.lp")]);
  assert.equal(r.status, 1, r.stderr); // the illustrative plan is infeasible
  assert.match(
    r.stderr,
    /ioplan: wrote .*check\.mps: the program of the feasibility check \([\d,]+ columns × [\d,]+ rows\)/,
  );
  const mps = readFileSync(join(dir, "check.mps"), "utf8");
  for (const name of ["balance[C10-C12,2015]", "x[D35,2019]", "limit[", "short["])
    assert.ok(mps.includes(name), `the MPS names ${name}`);
  assert.ok(readFileSync(join(dir, "check.lp"), "utf8").includes("balance(C10_C12,2015):"));
  const p = loadPlan(USA);
  const codes = p.model.sectors.map((s) => s.code);
  const ours = await wasm.solve(buildPlanProgram(p.model.A, p.spec, { kind: "elastic" }, { sectorCodes: codes }).lp);
  const theirs = python(join(dir, "check.mps"));
  assert.ok(
    Math.abs(theirs.objective - ours.objective) <= 1e-7 * Math.max(1, Math.abs(ours.objective)),
    `${theirs.objective} vs ${ours.objective}`,
  );

  // lexicographic: one program a rank, numbered
  const lex = cli(["plan", "optimise", USA, "--lexicographic", "--write-mps", join(dir, "best.mps")]);
  assert.equal(lex.status, 0, lex.stderr);
  const ranks = new Set(p.spec.targets.map((t) => t.rank)).size;
  assert.ok(
    existsSync(join(dir, "best.mps")) &&
      existsSync(join(dir, `best-${ranks}.mps`)) &&
      !existsSync(join(dir, `best-${ranks + 1}.mps`)),
    `${ranks} stage programs`,
  );
  // a folder that does not exist is a usage error, before anything is solved
  const bad = cli(["plan", "check", USA, "--write-mps", join(dir, "no", "such", "x.mps")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^ioplan: --write-mps .*x\.mps: the folder .* does not exist\n$/);
});

async function sameAsWasm(via: "scipy" | "highspy", method: RegExp, env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env, { IOPLAN_NATIVE_HIGHS: via });
  try {
    const p = loadPlan(USA);
    const codes = p.model.sectors.map((s) => s.code);
    const native = nativeHighsSolver(writeMps);
    const [a, b] = [await checkPlan(p.model.A, p.spec, wasm, codes), await checkPlan(p.model.A, p.spec, native, codes)];
    assert.match(b.solver.method, method);
    assert.equal(a.feasible, b.feasible);
    assert.ok(Math.abs(a.weightedRelaxation - b.weightedRelaxation) < 1e-6 * a.weightedRelaxation);
    const [oa, ob] = [
      await optimisePlan(p.model.A, p.spec, wasm, { sectorNames: codes }),
      await optimisePlan(p.model.A, p.spec, native, { sectorNames: codes }),
    ];
    assert.ok(
      Math.abs(oa.objective - ob.objective) < 1e-6 * Math.abs(oa.objective),
      `${ob.objective} vs ${oa.objective}`,
    );
    oa.fulfilment.forEach((f, k) => assert.ok(Math.abs(f.share - ob.fulfilment[k].share) < 1e-5, `${f.id} ${f.year}`));
    // shadow prices of the binding constraints agree (the optimum is unique in them here)
    const priceOf = (r: typeof oa) => new Map(r.bottlenecks.map((x) => [x.text.split(":")[0], x.shadowPrice]));
    const compared = [...priceOf(oa)].filter(([k]) => priceOf(ob).has(k));
    assert.ok(compared.length > 0, "bottlenecks in common");
    for (const [k, v] of compared) assert.ok(Math.abs(v - priceOf(ob).get(k)!) <= 1e-6 * Math.abs(v) + 1e-12, k);
    // the command line
    const r = cli(["plan", "optimise", USA, "--solver", "highs-native", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).solver.method, method);
    const wrong = cli(["plan", "optimise", USA, "--solver", "highs-native", "--method", "ioplan-pdlp"]);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--method ioplan-pdlp is not a method of --solver highs-native/);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

test("--solver highs-native through scipy's HiGHS: the same check and the same best plan as the WebAssembly HiGHS, duals included", async () => {
  await sameAsWasm("scipy", /^scipy highs \(native HiGHS\)$/, {});
});

// highspy (the HiGHS project's package, reading ioplan's MPS with HiGHS's own reader) is installed from the Python
// package registry into a cache folder for this test; where the registry cannot be reached the test says so and skips.
test("--solver highs-native through highspy: the same check and the same best plan as the WebAssembly HiGHS", async (t) => {
  const target = join(ROOT, "node_modules", ".cache", "ioplan-highspy");
  if (!existsSync(join(target, "highspy"))) {
    const pip = spawnSync(
      "python3",
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--disable-pip-version-check",
        "--target",
        target,
        "highspy==1.15.*",
      ],
      { encoding: "utf8", timeout: 180_000 },
    );
    if (pip.status !== 0)
      return t.skip(
        `highspy could not be installed from the registry: ${(pip.stderr || String(pip.error)).trim().split("\n").pop()}`,
      );
  }
  await sameAsWasm("highspy", /^highspy 1\.15\.\d+ choose \(native HiGHS\)$/, { PYTHONPATH: target });
});

test("--solver highs-native with IOPLAN_NATIVE_HIGHS naming no solver exits 2 saying what is valid, not a stack trace", () => {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, "bin", "ioplan.js"),
      "plan",
      "check",
      join(EXAMPLES, "cockshott", "plans", "five-year-plan.yaml"),
      "--solver",
      "highs-native",
    ],
    { encoding: "utf8", env: { ...process.env, IOPLAN_NATIVE_HIGHS: "bogus" } },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /IOPLAN_NATIVE_HIGHS is "bogus"; valid: highspy, scipy/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
